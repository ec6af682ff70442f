package io.akosha.sync.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code -Dkey=value} after the command, as before it on a {@code java} command line: set as system properties
 * before the application starts, so they win over the environment and every file (docs/configuration.md).
 */
public class ConfigOverrides {

    @Option(names = "-D", paramLabel = "KEY=VALUE",
            description = "Set a configuration property, e.g. -Dquarkus.http.port=8751 (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    public Map<String, String> properties() {
        return properties;
    }
}

package io.akosha.sync.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command that needs the application (its configuration, destination and beans): the executable starts Quarkus
 * for it, with these system properties set first. Every other command runs without Quarkus, in milliseconds.
 */
public interface InApplication {

    /** Set as system properties before Quarkus starts. */
    Map<String, String> startProperties();

    /**
     * A command that reads the destination beside a running sidecar: no HTTP listener, no uploads, no journal
     * writes, no audit file (io.akosha.sync.audit.Audit: the sidecar's is its own), and no log unless {@code --verbose} (then on stderr, where
     * it does not mix with the result). {@code -D} overrides come last and win.
     */
    static Map<String, String> commandMode(OutputOptions output, ConfigOverrides overrides) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("akosha.command-mode", "true");
        properties.put("quarkus.http.host-enabled", "false");
        if (output.verbose()) {
            properties.put("quarkus.log.console.stderr", "true");
        } else {
            properties.put("quarkus.log.console.enabled", "false");
        }
        properties.putAll(overrides.properties());
        return properties;
    }
}

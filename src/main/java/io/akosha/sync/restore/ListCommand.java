package io.akosha.sync.restore;

import io.akosha.sync.cli.ConfigOverrides;
import io.akosha.sync.cli.InApplication;
import io.akosha.sync.cli.OutputOptions;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code akosha-sync list}: the uploads at the configured destination, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = io.akosha.sync.cli.AppVersion.class,
        description = "List the uploads at the configured destination, newest first.")
public class ListCommand implements Callable<Integer>, InApplication {

    @Option(names = "--system", paramLabel = "ID", description = "Only this system's uploads (default: all).")
    String system;

    @Mixin
    OutputOptions output;

    @Mixin
    ConfigOverrides overrides;

    private final Commands commands;

    /** For parsing only, before the application starts. */
    ListCommand() {
        this(null);
    }

    @Inject
    ListCommand(Commands commands) {
        this.commands = commands;
    }

    @Override
    public Map<String, String> startProperties() {
        return InApplication.commandMode(output, overrides);
    }

    @Override
    public Integer call() throws Exception {
        return commands.list(system, output.json());
    }
}

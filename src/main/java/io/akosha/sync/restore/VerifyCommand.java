package io.akosha.sync.restore;

import io.akosha.sync.cli.ConfigOverrides;
import io.akosha.sync.cli.InApplication;
import io.akosha.sync.cli.OutputOptions;
import io.akosha.sync.cli.PositiveInteger;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code akosha-sync verify}: reads uploads back and checks them against their manifests, without writing. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = io.akosha.sync.cli.AppVersion.class,
        description = "Read uploads back and check every object against its manifest (size, SHA-256). Without a "
                + "selection every upload is verified. Exit code 1 when one is damaged.")
public class VerifyCommand implements Callable<Integer>, InApplication {

    @ArgGroup(exclusive = true)
    Which which = new Which();

    static class Which {
        @Option(names = "--upload", paramLabel = "ID", description = "Only this upload.")
        String uploadId;

        @Option(names = "--latest", paramLabel = "N", converter = PositiveInteger.class,
                description = "The N newest uploads.")
        Integer latest;

        @Option(names = "--all", description = "Every upload (the default).")
        boolean all;
    }

    @Option(names = "--system", paramLabel = "ID", description = "Only this system's uploads.")
    String system;

    @Mixin
    OutputOptions output;

    @Mixin
    ConfigOverrides overrides;

    private final Commands commands;

    /** For parsing only, before the application starts. */
    VerifyCommand() {
        this(null);
    }

    @Inject
    VerifyCommand(Commands commands) {
        this.commands = commands;
    }

    @Override
    public Map<String, String> startProperties() {
        return InApplication.commandMode(output, overrides);
    }

    @Override
    public Integer call() throws Exception {
        return commands.verify(new Commands.Selection(system, which.uploadId, which.latest), output.json());
    }
}

package io.akosha.sync.restore;

import io.akosha.sync.cli.AppVersion;
import io.akosha.sync.cli.PositiveInteger;
import jakarta.inject.Inject;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code akosha-sync verify}: reads uploads back and checks them against their manifests, without writing. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = AppVersion.class,
        description = "Read uploads back and check every object against its manifest (size, SHA-256). Without a "
                + "selection every upload is verified. Exit code 1 when one is damaged.")
public class VerifyCommand extends DestinationCommand {

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

    /** For parsing only, before the application starts. */
    VerifyCommand() {
        this(null);
    }

    @Inject
    VerifyCommand(Commands commands) {
        super(commands);
    }

    @Override
    public Integer call() throws Exception {
        return commands.verify(new Commands.Selection(system, which.uploadId, which.latest), output.json());
    }
}

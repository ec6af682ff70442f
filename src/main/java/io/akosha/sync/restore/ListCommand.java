package io.akosha.sync.restore;

import io.akosha.sync.cli.AppVersion;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code akosha-sync list}: the uploads at the configured destination, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = AppVersion.class,
        description = "List the uploads at the configured destination, newest first.")
public class ListCommand extends DestinationCommand {

    @Option(names = "--system", paramLabel = "ID", description = "Only this system's uploads (default: all).")
    String system;

    /** For parsing only, before the application starts. */
    ListCommand() {
        this(null);
    }

    @Inject
    ListCommand(Commands commands) {
        super(commands);
    }

    @Override
    public Integer call() throws Exception {
        return commands.list(system, output.json());
    }
}

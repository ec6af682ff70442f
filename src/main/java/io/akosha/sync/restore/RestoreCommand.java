package io.akosha.sync.restore;

import io.akosha.sync.cli.AppVersion;
import jakarta.inject.Inject;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code akosha-sync restore}: one upload back into a directory, every byte checked. */
@Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = AppVersion.class,
        description = "Restore one upload into a directory, checking every file against its manifest. Files already in "
                + "the directory are kept unless --force is given.")
public class RestoreCommand extends DestinationCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static class Which {
        @Option(names = "--upload", paramLabel = "ID", required = true, description = "The upload to restore.")
        String uploadId;

        @Option(names = "--latest", required = true, description = "The newest complete upload.")
        boolean latest;
    }

    @Option(names = "--target", paramLabel = "DIR", required = true, description = "Directory to restore into.")
    Path target;

    @Option(names = "--system", paramLabel = "ID", description = "Look only at this system's uploads.")
    String system;

    @Option(names = "--force", description = "Overwrite files that are already in the target directory.")
    boolean force;

    /** For parsing only, before the application starts. */
    RestoreCommand() {
        this(null);
    }

    @Inject
    RestoreCommand(Commands commands) {
        super(commands);
    }

    @Override
    public Integer call() throws Exception {
        return commands.restore(system, which.uploadId, target.toAbsolutePath(), force, output.json());
    }
}

package io.akosha.sync.ingest;

import io.akosha.sync.snapshot.SourceConfig;
import io.akosha.sync.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Decides which files of the data directory a sync takes, refusing anything that leaves the directory. */
@ApplicationScoped
public class DataFiles {

    private final SourceConfig config;

    public DataFiles(SourceConfig config) {
        this.config = config;
    }

    /**
     * Files a session end syncs: the ones named (each must exist), or the configured defaults that exist.
     *
     * @throws ProblemException 400 for a name that is not plain, 422 for a file that is missing or leaves the
     *                          data directory through a symlink
     */
    public List<String> select(List<String> requested) {
        boolean explicit = requested != null && !requested.isEmpty();
        List<String> names = explicit ? requested : config.files();
        for (String name : names) {
            String problem = Ids.fileNameProblem(name);
            if (problem != null) {
                throw ProblemException.badRequest(problem);
            }
        }
        Path dataDir = realDataDir();
        List<String> selected = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            Path file = dataDir.resolve(name);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                if (explicit) {
                    throw ProblemException.unprocessable("file '" + name + "' does not exist in the data directory");
                }
                continue;
            }
            confine(dataDir, file, name);
            confine(dataDir, file.resolveSibling(name + ".wal"), name + ".wal");
            if (!Files.isRegularFile(file)) {
                throw ProblemException.unprocessable("file '" + name + "' is not a regular file");
            }
            selected.add(name);
        }
        if (selected.isEmpty()) {
            throw ProblemException.unprocessable(
                    "none of the files " + names + " exist in the data directory; name files that do");
        }
        return selected;
    }

    private Path realDataDir() {
        try {
            return config.dataDir().toRealPath();
        } catch (IOException e) {
            throw new ProblemException(503, "Service Unavailable", "the data directory is not readable");
        }
    }

    /** Refuses a file (or symlink) whose real location is outside the data directory. */
    private static void confine(Path dataDir, Path file, String name) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Path real = file.toRealPath();
            if (!real.getParent().equals(dataDir)) {
                throw ProblemException.unprocessable("file '" + name + "' leaves the data directory (symlink)");
            }
        } catch (IOException e) {
            throw ProblemException.unprocessable("file '" + name + "' is a dangling symlink");
        }
    }
}

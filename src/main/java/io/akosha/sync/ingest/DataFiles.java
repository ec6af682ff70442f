package io.akosha.sync.ingest;

import io.akosha.sync.problem.ProblemException;
import io.akosha.sync.snapshot.SourceConfig;
import io.akosha.sync.snapshot.SourceFiles;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Decides which files a sync takes: the ones a session end names, or those of the data directory and the extra
 * directories that {@code akosha.files} matches; never one that leaves its directory. The answer is the files'
 * stored names ({@link SourceFiles}).
 */
@ApplicationScoped
public class DataFiles {

    private static final Logger LOG = Logger.getLogger(DataFiles.class);
    /** More would be a pattern gone wrong (or a directory that is not session-buddy's). */
    static final int MAX_FILES = 256;

    private final SourceConfig config;
    private final SourceFiles sources;
    private final List<PathMatcher> patterns;

    public DataFiles(SourceConfig config, SourceFiles sources) {
        this.config = config;
        this.sources = sources;
        this.patterns = config.files().stream()
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
    }

    /**
     * Files a session end syncs: the ones named (each must exist), or the configured ones that exist.
     *
     * @throws ProblemException 400 for a name that is not plain, 422 for a named file that is missing or leaves its
     *                          directory through a symlink, or when there is nothing to sync
     */
    public List<String> select(List<String> requested) {
        Path dataDir = realDataDir();
        List<String> selected = requested != null && !requested.isEmpty() ? named(requested) : matching(dataDir);
        if (selected.isEmpty()) {
            throw ProblemException.unprocessable("no file in " + config.dataDir() + " (or akosha.extra-dirs) matches "
                    + config.files() + ": nothing to sync");
        }
        if (selected.size() > MAX_FILES) {
            throw ProblemException.unprocessable(selected.size() + " files match " + config.files()
                    + ", more than " + MAX_FILES + ": narrow akosha.files");
        }
        return selected;
    }

    private List<String> named(List<String> requested) {
        for (String name : requested) {
            String problem = Ids.fileNameProblem(name);
            if (problem != null) {
                throw ProblemException.badRequest(problem);
            }
        }
        List<String> selected = new ArrayList<>();
        for (String name : new LinkedHashSet<>(requested)) {
            SourceFiles.Location location = sources.locate(name);
            Path file = location.path();
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw ProblemException.unprocessable("file '" + name + "' does not exist in " + location.dir());
            }
            String problem = leavesItsDirectory(file, name);
            if (problem != null) {
                throw ProblemException.unprocessable(problem);
            }
            if (!Files.isRegularFile(file)) {
                throw ProblemException.unprocessable("file '" + name + "' is not a regular file");
            }
            selected.add(name);
        }
        return selected;
    }

    /**
     * The files of every source directory whose names {@code akosha.files} matches, in name order; a WAL comes with
     * its database, never on its own. A file that leaves its directory is left out (and logged): the others are
     * synced. An extra directory that does not exist (a project removed) has no files.
     */
    private List<String> matching(Path dataDir) {
        List<String> selected = new ArrayList<>();
        for (SourceFiles.Root root : sources.roots()) {
            Path dir = root.prefix().isEmpty() ? dataDir : root.dir();
            for (String name : matchingNames(dir)) {
                Path file = dir.resolve(name);
                String problem = leavesItsDirectory(file, name);
                if (problem != null) {
                    LOG.warnf("Not synced: %s", problem);
                } else if (Files.isRegularFile(file)) {
                    selected.add(root.storedName(name));
                }
            }
        }
        return selected;
    }

    private TreeSet<String> matchingNames(Path dir) {
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Path name = entry.getFileName();
                if (!name.toString().endsWith(SourceFiles.WAL_SUFFIX) && Ids.fileNameProblem(name.toString()) == null
                        && patterns.stream().anyMatch(p -> p.matches(name))) {
                    names.add(name.toString());
                }
            }
        } catch (NoSuchFileException e) {
            LOG.debugf("%s does not exist: no files from it", dir);
        } catch (IOException e) {
            LOG.warnf("Cannot list %s: %s", dir, e.getMessage());
        }
        return names;
    }

    private Path realDataDir() {
        try {
            return config.dataDir().toRealPath();
        } catch (IOException e) {
            throw new ProblemException(503, "Service Unavailable", "the data directory is not readable");
        }
    }

    /** Why a database or its {@code .wal} is refused (a symlink leading out of its directory); null when neither is. */
    private static String leavesItsDirectory(Path database, String name) {
        String problem = confinementProblem(database, name);
        return problem != null ? problem : confinementProblem(SourceFiles.wal(database), name + SourceFiles.WAL_SUFFIX);
    }

    /** Why a file (or symlink) is refused: its real location is outside its directory; null when it is not. */
    private static String confinementProblem(Path file, String name) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            Path real = file.toRealPath();
            if (!real.getParent().equals(file.getParent().toRealPath())) {
                return "file '" + name + "' leaves its directory (symlink)";
            }
            return null;
        } catch (IOException e) {
            return "file '" + name + "' is a dangling symlink";
        }
    }
}

package io.akosha.sync.snapshot;

import io.akosha.sync.digest.Digests;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the files a sync takes live: the data directory, whose files keep their names, and the extra directories
 * ({@code akosha.extra-dirs}), whose files are stored as {@code {label}__{name}} so that the names in the bucket
 * stay unique and say where each file came from: {@code my.project-3fa2c1d0__skills.db} is {@code skills.db} of
 * the directory {@code .../my.project/.session-buddy}. A stored name is all a sync records; this class finds the
 * file again.
 */
@ApplicationScoped
public class SourceFiles {

    /** What a DuckDB database's write-ahead log adds to its name; it is taken with its database, never alone. */
    public static final String WAL_SUFFIX = ".wal";
    /** Between an extra directory's label and the file's own name. */
    public static final String SEPARATOR = "__";
    private static final int MAX_PROJECT_NAME = 40;

    private final SourceConfig config;
    private final List<Root> roots;

    public SourceFiles(SourceConfig config) {
        this.config = config;
        List<Root> all = new ArrayList<>();
        all.add(new Root(config.dataDir(), ""));
        config.extraDirs().orElse(List.of()).forEach(dir -> all.add(new Root(dir, label(dir) + SEPARATOR)));
        this.roots = List.copyOf(all);
    }

    /** A directory files are taken from, and what goes in front of their names in a sync ("" for the data dir). */
    public record Root(Path dir, String prefix) {

        public String storedName(String fileName) {
            return prefix + fileName;
        }
    }

    /** A stored name's directory and the file's name in it. */
    public record Location(Path dir, String fileName) {

        public Path path() {
            return dir.resolve(fileName);
        }
    }

    /** The data directory first, then the extra directories in their configured order. */
    public List<Root> roots() {
        return roots;
    }

    public Location locate(String storedName) {
        for (Root root : roots.subList(1, roots.size())) {
            if (storedName.startsWith(root.prefix()) && storedName.length() > root.prefix().length()) {
                return new Location(root.dir(), storedName.substring(root.prefix().length()));
            }
        }
        return new Location(config.dataDir(), storedName);
    }

    /**
     * What the files of a session end looked like when it was accepted: a hash over the size, modification time
     * and identity of each file and its {@code .wal} sibling. A session that ends again with the same state has
     * nothing new to upload.
     */
    public String state(List<String> storedNames) throws IOException {
        MessageDigest digest = Digests.sha256();
        for (String name : storedNames) {
            Path file = locate(name).path();
            digest.update((name + "\n" + FileState.of(file) + "\n" + FileState.of(wal(file)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return Digests.hex(digest);
    }

    /** The {@code .wal} sibling of a database file. */
    public static Path wal(Path database) {
        return database.resolveSibling(database.getFileName() + WAL_SUFFIX);
    }

    /**
     * The label of an extra directory: the name of the project it belongs to (the last component of its path that is
     * not hidden, so {@code .../my.project/.session-buddy} gives {@code my.project}), reduced to the characters of a
     * stored name, and the first 8 hex digits of the SHA-256 of its absolute path, so that two projects of the same
     * name never share a label.
     */
    static String label(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        String project = "dir";
        for (Path p = absolute; p != null && p.getFileName() != null; p = p.getParent()) {
            String name = p.getFileName().toString();
            if (!name.startsWith(".")) {
                project = name;
                break;
            }
        }
        project = project.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("\\.{2,}", ".");
        if (project.length() > MAX_PROJECT_NAME) {
            project = project.substring(0, MAX_PROJECT_NAME);
        }
        MessageDigest digest = Digests.sha256();
        digest.update(absolute.toString().getBytes(StandardCharsets.UTF_8));
        return project + "-" + Digests.hex(digest).substring(0, 8);
    }
}

package io.akosha.sync.snapshot;

import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.spool.Fsync;
import io.akosha.sync.spool.SpoolConfig;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SkippedFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Copies each DuckDB file together with its {@code .wal} sibling into the sync's own staging directory.
 * A copy counts only when size, mtime and inode of both files are the same before and after it, so a
 * database written during the copy is copied again (with backoff) instead of being shipped torn. Each file is
 * checked against the data directory on every copy ({@link Confinement}) and opened without following a symlink,
 * so a file swapped for a symlink to elsewhere after the session end was accepted is never read. A database that
 * vanished or leads elsewhere is skipped, and the others are taken. Uploads read from staging, so every retry
 * sends the same bytes.
 */
@ApplicationScoped
public class Snapshotter {

    static final String WAL_SUFFIX = SourceFiles.WAL_SUFFIX;
    private static final Logger LOG = Logger.getLogger(Snapshotter.class);

    private final SourceFiles sources;
    private final SpoolConfig spool;
    private final SnapshotConfig config;
    private final SyncMetrics metrics;

    public Snapshotter(SourceFiles sources, SpoolConfig spool, SnapshotConfig config, SyncMetrics metrics) {
        this.sources = sources;
        this.spool = spool;
        this.config = config;
        this.metrics = metrics;
    }

    public Path stagingDir(String syncId) {
        return spool.spoolDir().resolve("staging").resolve(syncId);
    }

    /**
     * The fallback's work directory for one sync: the MCP push keeps its journal and DuckDB's spill files there (the
     * {@code multipart} fallback streams from the staging copy and writes nothing).
     */
    public Path outboxDir(String syncId) {
        return spool.spoolDir().resolve("outbox").resolve(syncId);
    }

    /**
     * Takes a consistent copy of {@code names}: the staged files (databases and WALs), and the databases it did not
     * take because they vanished or lead out of the data directory (checked on every copy, not only when the
     * session end was accepted).
     *
     * @throws SnapshotRefusedException when none of the databases could be taken
     */
    public Snapshot take(String syncId, List<String> names) throws IOException, SnapshotBusyException {
        long started = System.nanoTime();
        Path staging = stagingDir(syncId);
        delete(staging);
        Files.createDirectories(staging);
        List<FileResult> staged = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        for (String name : names) {
            try {
                staged.addAll(copyConsistent(confinement(name), staging, name));
            } catch (FileRefusedException e) {
                Files.deleteIfExists(staging.resolve(name));
                Files.deleteIfExists(staging.resolve(name + WAL_SUFFIX));
                skipped.add(new SkippedFile(name, e.getMessage()));
                LOG.warnf("Sync %s does not take %s", syncId, e.getMessage());
            }
        }
        if (staged.isEmpty()) {
            throw new SnapshotRefusedException("none of the files could be taken: "
                    + String.join("; ", skipped.stream().map(SkippedFile::reason).toList()));
        }
        Fsync.directory(staging);
        metrics.snapshotTaken(Duration.ofNanos(System.nanoTime() - started),
                staged.stream().mapToLong(FileResult::size).sum());
        return new Snapshot(staged, skipped);
    }

    /** Whether the staging directory still holds exactly the files recorded for it. */
    public boolean intact(String syncId, List<FileResult> files) {
        if (files.isEmpty()) {
            return false;
        }
        Path staging = stagingDir(syncId);
        for (FileResult file : files) {
            Path staged = staging.resolve(file.name());
            try {
                if (!Files.isRegularFile(staged) || Files.size(staged) != file.size()) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** Deletes the staging copy and the fallback's work directory of a delivered sync. */
    public void discard(String syncId) {
        try {
            delete(stagingDir(syncId));
            delete(outboxDir(syncId));
        } catch (IOException e) {
            LOG.warnf("Could not delete staging of sync %s: %s", syncId, e.getMessage());
        }
    }

    /** The checks of the directory {@code name} is taken from ({@link SourceFiles}). */
    private Confinement confinement(String name) throws IOException, FileRefusedException {
        SourceFiles.Location location = sources.locate(name);
        try {
            return new Confinement(location.dir().toRealPath(), name, location.fileName());
        } catch (NoSuchFileException e) {
            throw new FileRefusedException("'" + name + "': its directory " + location.dir() + " is gone");
        }
    }

    private List<FileResult> copyConsistent(Confinement confinement, Path staging, String name)
            throws IOException, SnapshotBusyException, FileRefusedException {
        String walName = name + WAL_SUFFIX;
        Path stagedDb = staging.resolve(name);
        Path stagedWal = staging.resolve(walName);
        long backoff = config.initialBackoff().toMillis();
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            Path db = confinement.resolve(name).orElseThrow(() -> new FileRefusedException(
                    "'" + name + "': it vanished from the data directory after the session end was accepted"));
            Optional<Path> wal = walOf(confinement, name);
            FileState dbBefore = FileState.of(db);
            FileState walBefore = wal.isPresent() ? FileState.of(wal.get()) : FileState.ABSENT;
            boolean copied = copy(db, dbBefore, stagedDb);
            if (wal.isPresent()) {
                copied = copied && copy(wal.get(), walBefore, stagedWal);
            } else {
                Files.deleteIfExists(stagedWal);
            }
            if (copied && unchanged(confinement, name, Optional.of(db), dbBefore)
                    && unchanged(confinement, walName, wal, walBefore)) {
                List<FileResult> result = new ArrayList<>();
                result.add(FileResult.staged(name, dbBefore.size()));
                if (wal.isPresent()) {
                    result.add(FileResult.staged(walName, walBefore.size()));
                }
                return result;
            }
            LOG.debugf("'%s' changed while it was copied (attempt %d), copying again", name, attempt);
            metrics.snapshotRetried();
            sleep(backoff);
            backoff = Math.min(backoff * 2, config.maxBackoff().toMillis());
        }
        throw new SnapshotBusyException("'" + name + "' kept changing during " + config.maxAttempts() + " copies");
    }

    /** A database's WAL, if it has one; a WAL that leads out of the data directory refuses the database with it. */
    private static Optional<Path> walOf(Confinement confinement, String name) throws IOException, FileRefusedException {
        try {
            return confinement.resolve(name + WAL_SUFFIX);
        } catch (FileRefusedException e) {
            throw new FileRefusedException(e.getMessage() + "; '" + name + "' is not taken without its WAL");
        }
    }

    /** Whether {@code name} still leads to the same file, unchanged since {@code before}. */
    private static boolean unchanged(Confinement confinement, String name, Optional<Path> file, FileState before)
            throws IOException {
        try {
            return confinement.resolve(name).equals(file)
                    && before.equals(file.isPresent() ? FileState.of(file.get()) : FileState.ABSENT);
        } catch (FileRefusedException e) {
            return false; // swapped during the copy: the next attempt refuses it
        }
    }

    /**
     * Copies {@code from}, opened without following a symlink, once it is known to be the file that was checked
     * (same identity as {@code checked}).
     *
     * @return false when the file was swapped or removed between the check and the open
     */
    private static boolean copy(Path from, FileState checked, Path to) throws IOException {
        FileChannel in;
        try {
            in = FileChannel.open(from, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw e;
        } catch (FileSystemException e) { // gone, or a symlink now (ELOOP)
            return false;
        }
        try (in) {
            if (!Objects.equals(FileState.of(from).fileKey(), checked.fileKey())) {
                return false;
            }
            try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                long size = in.size();
                for (long done = 0; done < size;) {
                    done += in.transferTo(done, size - done, out);
                }
                out.force(true);
            }
            return true;
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("snapshot interrupted");
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

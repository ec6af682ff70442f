package io.akosha.sync.snapshot;

import io.akosha.sync.ingest.SourceConfig;
import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.spool.Fsync;
import io.akosha.sync.spool.SpoolConfig;
import io.akosha.sync.sync.FileResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Copies each DuckDB file together with its {@code .wal} sibling into the sync's own staging directory.
 * A copy counts only when size, mtime and inode of both files are the same before and after it, so a
 * database written during the copy is copied again (with backoff) instead of being shipped torn.
 * Uploads read from staging, so every retry sends the same bytes.
 */
@ApplicationScoped
public class Snapshotter {

    static final String WAL_SUFFIX = ".wal";
    private static final Logger LOG = Logger.getLogger(Snapshotter.class);

    private final SourceConfig source;
    private final SpoolConfig spool;
    private final SnapshotConfig config;
    private final SyncMetrics metrics;

    public Snapshotter(SourceConfig source, SpoolConfig spool, SnapshotConfig config, SyncMetrics metrics) {
        this.source = source;
        this.spool = spool;
        this.config = config;
        this.metrics = metrics;
    }

    public Path stagingDir(String syncId) {
        return spool.spoolDir().resolve("staging").resolve(syncId);
    }

    /** Where the HTTP fallback keeps the compressed objects it sends. */
    public Path outboxDir(String syncId) {
        return spool.spoolDir().resolve("outbox").resolve(syncId);
    }

    /** Takes a consistent copy of {@code names} and returns the staged files (databases and WALs). */
    public List<FileResult> take(String syncId, List<String> names) throws IOException, SnapshotBusyException {
        Path staging = stagingDir(syncId);
        delete(staging);
        Files.createDirectories(staging);
        List<FileResult> staged = new ArrayList<>();
        for (String name : names) {
            staged.addAll(copyConsistent(source.dataDir().resolve(name), staging, name));
        }
        Fsync.directory(staging);
        return staged;
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

    /** Deletes the staging copy and the outbox of a delivered sync. */
    public void discard(String syncId) {
        try {
            delete(stagingDir(syncId));
            delete(outboxDir(syncId));
        } catch (IOException e) {
            LOG.warnf("Could not delete staging of sync %s: %s", syncId, e.getMessage());
        }
    }

    private List<FileResult> copyConsistent(Path db, Path staging, String name)
            throws IOException, SnapshotBusyException {
        Path wal = db.resolveSibling(name + WAL_SUFFIX);
        Path stagedDb = staging.resolve(name);
        Path stagedWal = staging.resolve(name + WAL_SUFFIX);
        long backoff = config.initialBackoff().toMillis();
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            FileState dbBefore = FileState.of(db);
            FileState walBefore = FileState.of(wal);
            if (!dbBefore.exists()) {
                throw new IOException("file '" + name + "' vanished from the data directory");
            }
            copy(db, stagedDb);
            if (walBefore.exists()) {
                copy(wal, stagedWal);
            } else {
                Files.deleteIfExists(stagedWal);
            }
            if (dbBefore.equals(FileState.of(db)) && walBefore.equals(FileState.of(wal))) {
                List<FileResult> result = new ArrayList<>();
                result.add(FileResult.staged(name, dbBefore.size()));
                if (walBefore.exists()) {
                    result.add(FileResult.staged(name + WAL_SUFFIX, walBefore.size()));
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

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(to, StandardOpenOption.WRITE)) {
            ch.force(true);
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

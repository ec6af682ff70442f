package io.akosha.sync.ingest;

import io.akosha.sync.snapshot.SourceFiles;
import io.akosha.sync.lifecycle.Shutdown;
import io.akosha.sync.health.HealthConfig;
import io.akosha.sync.problem.ProblemException;
import io.akosha.sync.spool.SpoolConfig;
import io.akosha.sync.sync.Failures;
import io.akosha.sync.sync.SyncRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Admission control for new session ends, so that what was already accepted is never put at risk: refused with
 * 503 while the sidecar stops or too many syncs are pending, and with 507 when the spool's file system cannot
 * hold the snapshot plus {@code akosha.health.min-free-space}. Both carry {@code Retry-After}.
 */
@ApplicationScoped
public class Intake {

    private final IntakeConfig config;
    private final SpoolConfig spool;
    private final HealthConfig health;
    private final SourceFiles source;
    private final SyncRegistry registry;
    private final Shutdown shutdown;
    private volatile FileStore spoolStore;

    public Intake(IntakeConfig config, SpoolConfig spool, HealthConfig health, SourceFiles source,
            SyncRegistry registry, Shutdown shutdown) {
        this.config = config;
        this.spool = spool;
        this.health = health;
        this.source = source;
        this.registry = registry;
        this.shutdown = shutdown;
    }

    /**
     * Throws the problem to answer when a new sync for {@code files} cannot be taken now; {@code inFlight} session
     * ends are being recorded and count as pending.
     */
    public void admit(List<String> files, int inFlight) {
        if (shutdown.stopping()) {
            throw ProblemException.unavailable("The sidecar is stopping; send the session end again after the "
                    + "restart", config.retryAfter());
        }
        long pending = registry.pendingCount() + inFlight;
        if (pending >= config.maxPending()) {
            throw ProblemException.unavailable(pending + " syncs are waiting to be delivered (akosha.intake."
                    + "max-pending); send the session end again later", config.retryAfter());
        }
        long needed = snapshotSize(files) + health.minFreeSpace().asLongValue();
        long free = usableSpace();
        if (free < needed) {
            throw ProblemException.insufficientStorage("The spool has " + free / (1024 * 1024) + " MiB free; the "
                    + "snapshot needs " + needed / (1024 * 1024) + " MiB including the reserve", config.retryAfter());
        }
    }

    /** The answer when the journal could not record an event: 507 when the disk is full, else 503. */
    public ProblemException notRecorded(RuntimeException failure) {
        if (Failures.diskFull(failure)) {
            return ProblemException.insufficientStorage("The spool is full; the session end was not recorded",
                    config.retryAfter());
        }
        return ProblemException.unavailable("The spool could not record the session end", config.retryAfter());
    }

    private long snapshotSize(List<String> files) {
        long size = 0;
        for (String name : files) {
            Path file = source.locate(name).path();
            size += sizeOf(file) + sizeOf(SourceFiles.wal(file));
        }
        return size;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Free space of the spool's file system (the directory exists: the journal was opened in it at start). The file
     * store is looked up once: finding it reads the mount table, asking it for free space is one statvfs.
     */
    private long usableSpace() {
        try {
            FileStore store = spoolStore;
            if (store == null) {
                store = Files.getFileStore(spool.spoolDir());
                spoolStore = store;
            }
            return store.getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // the journal write will tell
        }
    }
}

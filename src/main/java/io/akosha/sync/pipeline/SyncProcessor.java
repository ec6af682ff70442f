package io.akosha.sync.pipeline;

import io.akosha.sync.lifecycle.Shutdown;
import io.akosha.sync.snapshot.Snapshot;
import io.akosha.sync.snapshot.SnapshotBusyException;
import io.akosha.sync.snapshot.SnapshotConfig;
import io.akosha.sync.snapshot.Snapshotter;
import io.akosha.sync.sync.Failures;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SyncMethod;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.upload.Uploader;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumer of the {@value SyncQueue#CHANNEL} channel: snapshot, then the cloud path (whose {@code @Fallback}
 * hands over to the HTTP fallback), or straight to the HTTP fallback for method {@code http}. Every step
 * is recorded in the journal, so a restart continues where the process stopped.
 */
@ApplicationScoped
public class SyncProcessor {

    private static final Logger LOG = Logger.getLogger(SyncProcessor.class);

    private final SyncRegistry registry;
    private final Snapshotter snapshotter;
    private final CloudPath cloudPath;
    private final Uploader uploader;
    private final HandOver handOver;
    private final Parking parking;
    private final SyncQueue queue;
    private final SnapshotConfig snapshotConfig;
    private final Shutdown shutdown;
    private final OncePerSync once;

    public SyncProcessor(SyncRegistry registry, Snapshotter snapshotter, CloudPath cloudPath, Uploader uploader,
            HandOver handOver, Parking parking, SyncQueue queue, SnapshotConfig snapshotConfig, Shutdown shutdown) {
        this.uploader = uploader;
        this.shutdown = shutdown;
        this.once = new OncePerSync(shutdown, registry);
        this.registry = registry;
        this.snapshotter = snapshotter;
        this.cloudPath = cloudPath;
        this.handOver = handOver;
        this.parking = parking;
        this.queue = queue;
        this.snapshotConfig = snapshotConfig;
    }

    @Incoming(SyncQueue.CHANNEL)
    @Blocking(value = "akosha-sync", ordered = false)
    public void onRequest(String syncId) {
        once.run(syncId, () -> process(syncId));
    }

    void process(String syncId) {
        Optional<SyncRecord> known = registry.get(syncId);
        if (known.isEmpty() || !known.get().status().pending()) {
            return;
        }
        SyncRecord previous = known.get();
        try {
            SyncRecord sync = registry.progress(syncId, r -> r.startAttempt(Instant.now()));
            boolean intact = snapshotter.intact(syncId, previous.files());
            if (!intact) {
                uploader.abandon(syncId); // parts cut from a copy that is gone
            }
            Snapshot snapshot = intact ? new Snapshot(previous.files(), previous.skipped())
                    : snapshotter.take(syncId, sync.requestedFiles());
            sync = registry.progress(syncId, r -> r.staged(snapshot.files(), snapshot.skipped(), Instant.now()));
            LOG.debugf("Sync %s staged: %d files", syncId, snapshot.files().size());
            if (sync.requestedMethod() == SyncMethod.HTTP) {
                if (!handOver.available()) {
                    throw new CloudPathFailedException("method http, but the HTTP fallback is off or has no URL");
                }
                handOver.start(syncId, "method http", true);
                return;
            }
            if (cloudPath.upload(sync, snapshotter.stagingDir(syncId)) == CloudPath.Outcome.DELIVERED) {
                snapshotter.discard(syncId);
            }
        } catch (SnapshotBusyException e) {
            requeue(syncId, "busy: " + e.getMessage());
        } catch (Exception e) {
            if (shutdown.stopping() || Failures.interrupted(e)) {
                // stopped at a chunk boundary, or interrupted by the stop (which can reach the workers before the
                // application hears of it): not a failure. The journal keeps the progress; the next start resumes,
                // and should the process go on after all, the sync is tried again later.
                Thread.interrupted();
                LOG.infof("Sync %s stopped for shutdown; it resumes at the next start", syncId);
                queue.enqueueLater(syncId, snapshotConfig.busyRetryDelay());
            } else if (Failures.diskFull(e)) { // the snapshot did not fit: wait for room rather than park
                snapshotter.discard(syncId);
                requeue(syncId, "spool full: " + Failures.describe(e));
            } else {
                parking.park(syncId, Failures.describe(e));
            }
        }
    }

    private void requeue(String syncId, String reason) {
        LOG.infof("Sync %s: %s; trying again in %s", syncId, reason, snapshotConfig.busyRetryDelay());
        registry.update(syncId, r -> r.requeued(reason, Instant.now()));
        queue.enqueueLater(syncId, snapshotConfig.busyRetryDelay());
    }
}

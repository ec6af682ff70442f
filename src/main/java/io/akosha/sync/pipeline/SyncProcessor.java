package io.akosha.sync.pipeline;

import io.akosha.sync.snapshot.SnapshotBusyException;
import io.akosha.sync.snapshot.SnapshotConfig;
import io.akosha.sync.snapshot.Snapshotter;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.upload.Uploader;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumer of the {@value SyncQueue#CHANNEL} channel: snapshot, upload, manifest, done. Every step is
 * recorded in the journal first, so a restart continues where the process stopped.
 */
@ApplicationScoped
public class SyncProcessor {

    private static final Logger LOG = Logger.getLogger(SyncProcessor.class);

    private final SyncRegistry registry;
    private final Snapshotter snapshotter;
    private final Uploader uploader;
    private final SyncQueue queue;
    private final SnapshotConfig snapshotConfig;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public SyncProcessor(SyncRegistry registry, Snapshotter snapshotter, Uploader uploader, SyncQueue queue,
            SnapshotConfig snapshotConfig) {
        this.registry = registry;
        this.snapshotter = snapshotter;
        this.uploader = uploader;
        this.queue = queue;
        this.snapshotConfig = snapshotConfig;
    }

    @Incoming(SyncQueue.CHANNEL)
    @Blocking(value = "akosha-sync", ordered = false)
    public void onRequest(String syncId) {
        if (!inFlight.add(syncId)) {
            return; // already being processed (a duplicate on the channel)
        }
        try {
            process(syncId);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Sync %s failed unexpectedly", syncId);
        } finally {
            inFlight.remove(syncId);
        }
    }

    void process(String syncId) {
        Optional<SyncRecord> known = registry.get(syncId);
        if (known.isEmpty() || !known.get().status().pending()) {
            return;
        }
        SyncRecord previous = known.get();
        try {
            SyncRecord sync = registry.progress(syncId, r -> r.startAttempt(Instant.now()));
            if (!snapshotter.intact(syncId, previous.files())) {
                var staged = snapshotter.take(syncId, sync.requestedFiles());
                sync = registry.progress(syncId, r -> r.staged(staged, Instant.now()));
            } else {
                sync = registry.progress(syncId, r -> r.staged(previous.files(), Instant.now()));
            }
            Uploader.Delivery delivery = uploader.upload(sync, snapshotter.stagingDir(syncId));
            registry.update(syncId, r -> r.delivered(delivery.files(), uploader.destinationName(),
                    delivery.manifestKey(), Instant.now()));
            snapshotter.discard(syncId);
        } catch (SnapshotBusyException e) {
            LOG.infof("Sync %s: %s; trying again in %s", syncId, e.getMessage(), snapshotConfig.busyRetryDelay());
            registry.update(syncId, r -> r.requeued("busy: " + e.getMessage(), Instant.now()));
            queue.enqueueLater(syncId, snapshotConfig.busyRetryDelay());
        } catch (Exception e) {
            String reason = Failures.describe(e);
            LOG.warnf("Sync %s parked: %s", syncId, reason);
            registry.update(syncId, r -> r.parked(reason, Instant.now()));
        }
    }
}

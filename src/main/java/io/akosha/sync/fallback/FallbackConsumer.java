package io.akosha.sync.fallback;

import io.akosha.sync.app.Shutdown;
import io.akosha.sync.local.LocalDestination;
import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.pipeline.OncePerSync;
import io.akosha.sync.pipeline.Parking;
import io.akosha.sync.snapshot.Snapshotter;
import io.akosha.sync.sync.Failures;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.ObjectProgress;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.SyncStatus;
import io.akosha.sync.upload.Destination;
import io.akosha.sync.upload.Packer;
import io.akosha.sync.upload.ProgressLog;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumer of the {@value FallbackQueue#CHANNEL} channel: compresses the staged snapshot into an outbox on
 * disk (same object keys and manifest as the cloud path), then streams it to Akosha's ingestion endpoint.
 * Delivered syncs record {@code method: http}; when the fallback gives up too, the sync is parked.
 */
@ApplicationScoped
public class FallbackConsumer {

    private static final Logger LOG = Logger.getLogger(FallbackConsumer.class);

    private final SyncRegistry registry;
    private final Snapshotter snapshotter;
    private final Packer packer;
    private final Destination cloud;
    private final HttpSender sender;
    private final Parking parking;
    private final SyncMetrics metrics;
    private final Shutdown shutdown;
    private final OncePerSync once;

    public FallbackConsumer(SyncRegistry registry, Snapshotter snapshotter, Packer packer, Destination cloud,
            HttpSender sender, Parking parking, SyncMetrics metrics, Shutdown shutdown) {
        this.cloud = cloud;
        this.shutdown = shutdown;
        this.once = new OncePerSync(shutdown);
        this.registry = registry;
        this.snapshotter = snapshotter;
        this.packer = packer;
        this.sender = sender;
        this.parking = parking;
        this.metrics = metrics;
    }

    @Incoming(FallbackQueue.CHANNEL)
    @Blocking(value = "akosha-fallback", ordered = false)
    public void onHandOver(String syncId) {
        once.run(syncId, registry.get(syncId).map(SyncRecord::uploadId).orElse(null), () -> deliver(syncId));
    }

    void deliver(String syncId) {
        Optional<SyncRecord> known = registry.get(syncId);
        if (known.isEmpty() || known.get().status() != SyncStatus.FALLING_BACK) {
            return;
        }
        SyncRecord sync = known.get();
        Path outbox = snapshotter.outboxDir(syncId);
        try {
            if (!snapshotter.intact(syncId, sync.files())) {
                cloud.abandon(sync.objects()); // cut from the lost copy
                List<FileResult> staged = snapshotter.take(syncId, sync.requestedFiles());
                sync = registry.progress(syncId, r -> r.restaged(staged, Instant.now()));
            }
            long started = System.nanoTime();
            Packer.Packed packed = packer.pack(new LocalDestination(outbox), sync, snapshotter.stagingDir(syncId),
                    ProgressLog.NONE);
            LOG.debugf("Sync %s packed for the HTTP fallback, sending", syncId);
            sender.send(sync, packed, outbox);
            List<ObjectProgress> cloudLeftovers = registry.get(syncId).orElseThrow().objects();
            registry.update(syncId, r -> r.delivered("http", packed.files(), "http", packed.manifestKey(),
                    Instant.now()));
            cloud.abandon(cloudLeftovers); // what the cloud path had sent is not needed any more
            metrics.delivered("http", "http", packed.files(), Duration.ofNanos(System.nanoTime() - started));
            LOG.infof("Sync %s delivered through the HTTP fallback: %d files", syncId, packed.files().size());
            snapshotter.discard(syncId);
        } catch (Exception e) {
            if (shutdown.stopping() || Failures.interrupted(e)) { // the next start resumes it
                LOG.infof("Sync %s stopped for shutdown; the fallback resumes at the next start", syncId);
                return;
            }
            parking.park(syncId, "HTTP fallback failed: " + Failures.describe(e));
        }
    }
}

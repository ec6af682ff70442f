package io.akosha.sync.pipeline;

import io.akosha.sync.fallback.FallbackConfig;
import io.akosha.sync.fallback.HttpSender;
import io.akosha.sync.fallback.Outbox;
import io.akosha.sync.lifecycle.Shutdown;
import io.akosha.sync.mcp.MemoryPush;
import io.akosha.sync.snapshot.Snapshot;
import io.akosha.sync.snapshot.Snapshotter;
import io.akosha.sync.sync.Failures;
import io.akosha.sync.sync.MemoryCounts;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.SyncStatus;
import io.akosha.sync.upload.Uploader;
import io.akosha.sync.upload.Packer;
import io.akosha.sync.upload.ProgressLog;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumer of the {@value FallbackQueue#CHANNEL} channel, by {@code akosha.fallback.protocol}: {@code mcp} pushes
 * the memories of the staged database into Akosha's MCP ingestion ({@link MemoryPush}); {@code multipart}
 * compresses the staged snapshot into an outbox on disk (same object keys and manifest as the cloud path), then
 * streams it to Akosha's {@code /ingest/upload}. Delivered syncs record {@code method: http}; when the fallback gives
 * up too, the sync is parked. At most
 * {@code akosha.fallback.max-in-flight} syncs are sent at once, each on a worker of the {@code akosha-fallback}
 * pool.
 */
@ApplicationScoped
public class FallbackConsumer {

    private static final Logger LOG = Logger.getLogger(FallbackConsumer.class);

    private final SyncRegistry registry;
    private final Snapshotter snapshotter;
    private final Packer packer;
    private final Uploader cloud;
    private final Outbox outboxes;
    private final HttpSender sender;
    private final Parking parking;
    private final Shutdown shutdown;
    private final OncePerSync once;
    private final FallbackConfig config;
    private final MemoryPush memories;

    public FallbackConsumer(SyncRegistry registry, Snapshotter snapshotter, Packer packer, Uploader cloud,
            Outbox outboxes, HttpSender sender, Parking parking, Shutdown shutdown, FallbackConfig config,
            MemoryPush memories) {
        this.config = config;
        this.memories = memories;
        this.cloud = cloud;
        this.outboxes = outboxes;
        this.shutdown = shutdown;
        this.once = new OncePerSync(shutdown, registry);
        this.registry = registry;
        this.snapshotter = snapshotter;
        this.packer = packer;
        this.sender = sender;
        this.parking = parking;
    }

    @Incoming(FallbackQueue.CHANNEL)
    @Blocking(value = "akosha-fallback", ordered = false)
    public void onHandOver(String syncId) {
        once.run(syncId, () -> deliver(syncId));
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
                cloud.abandon(syncId); // cut from the lost copy
                Snapshot snapshot = snapshotter.take(syncId, sync.requestedFiles());
                sync = registry.progress(syncId, r -> r.restaged(snapshot.files(), snapshot.skipped(), Instant.now()));
            }
            if (config.protocol() == FallbackConfig.Protocol.MCP) {
                MemoryCounts counts = memories.push(sync, snapshotter.stagingDir(syncId), outbox);
                registry.update(syncId, r -> r.memoriesDelivered("akosha-mcp", counts, Instant.now()));
                LOG.infof("Sync %s delivered through Akosha's MCP ingestion: %d memories pushed, %d already"
                        + " stored, %d refused, %d skipped", syncId, counts.pushed(), counts.alreadyStored(),
                        counts.refused(), counts.skipped());
            } else {
                Packer.Packed packed = packer.pack(outboxes.at(outbox), sync, snapshotter.stagingDir(syncId),
                        ProgressLog.NONE);
                LOG.debugf("Sync %s packed for the HTTP fallback, sending", syncId);
                sender.send(sync, packed, outbox);
                registry.update(syncId, r -> r.delivered("http", packed.files(), "http", packed.manifestKey(),
                        Instant.now()));
                LOG.infof("Sync %s delivered through the HTTP fallback: %d files", syncId, packed.files().size());
            }
            cloud.abandon(syncId); // what the cloud path had sent is not needed any more
            snapshotter.discard(syncId);
        } catch (Exception | LinkageError e) { // a class that cannot load must not leave the sync falling back
            if (shutdown.stopping() || Failures.interrupted(e)) { // the next start resumes it
                LOG.infof("Sync %s stopped for shutdown; the fallback resumes at the next start", syncId);
                return;
            }
            parking.park(syncId, "HTTP fallback failed: " + Failures.describe(e));
        }
    }
}

package io.akosha.sync.pipeline;

import io.akosha.sync.fallback.FallbackConfig;
import io.akosha.sync.fallback.HttpSender;
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
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumer of the {@value FallbackQueue#CHANNEL} channel, by {@code akosha.fallback.protocol}: {@code mcp} pushes
 * the memories of the staged database into Akosha's MCP ingestion ({@link MemoryPush}); {@code multipart}
 * streams the staged snapshot, compressed while it is read (same object keys and manifest as the cloud path, the
 * manifest last), to Akosha's {@code /ingest/upload} ({@link HttpSender}), with nothing written to disk first.
 * Delivered syncs record {@code method: http}; when the fallback gives up too, the sync is parked. At most
 * {@code akosha.fallback.max-in-flight} syncs are sent at once, each on a worker of the {@code akosha-fallback}
 * pool.
 */
@ApplicationScoped
public class FallbackConsumer {

    private static final Logger LOG = Logger.getLogger(FallbackConsumer.class);

    private final SyncRegistry registry;
    private final Snapshotter snapshotter;
    private final Uploader cloud;
    private final HttpSender sender;
    private final Parking parking;
    private final Shutdown shutdown;
    private final OncePerSync once;
    private final FallbackConfig config;
    private final MemoryPush memories;

    public FallbackConsumer(SyncRegistry registry, Snapshotter snapshotter, Uploader cloud, HttpSender sender,
            Parking parking, Shutdown shutdown, FallbackConfig config, MemoryPush memories) {
        this.config = config;
        this.memories = memories;
        this.cloud = cloud;
        this.shutdown = shutdown;
        this.once = new OncePerSync(shutdown, registry);
        this.registry = registry;
        this.snapshotter = snapshotter;
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
        try {
            if (!snapshotter.intact(syncId, sync.files())) {
                cloud.abandon(syncId); // cut from the lost copy
                Snapshot snapshot = snapshotter.take(syncId, sync.requestedFiles());
                sync = registry.progress(syncId, r -> r.restaged(snapshot.files(), snapshot.skipped(), Instant.now()));
            }
            if (config.protocol() == FallbackConfig.Protocol.MCP) {
                MemoryCounts counts = memories.push(sync, snapshotter.stagingDir(syncId),
                        snapshotter.outboxDir(syncId));
                registry.update(syncId, r -> r.memoriesDelivered("akosha-mcp", counts, Instant.now()));
                LOG.infof("Sync %s delivered through Akosha's MCP ingestion: %d memories pushed, %d already"
                        + " stored, %d refused, %d skipped", syncId, counts.pushed(), counts.alreadyStored(),
                        counts.refused(), counts.skipped());
            } else {
                LOG.debugf("Sync %s streams to the HTTP fallback", syncId);
                Packer.Packed packed = sender.send(sync, snapshotter.stagingDir(syncId), Instant.now());
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

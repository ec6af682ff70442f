package io.akosha.sync.upload;

import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The cloud path's work: streams the staged files of a sync to the destination (bucket or local directory), then
 * gives up any multipart upload an earlier, killed attempt left open under the upload's prefix (every object of
 * this attempt is complete by then), writes the manifest last and records the delivery. Nothing is visible to
 * Akosha before the manifest, and a repeated call sends the same staged bytes to the same keys, resuming what an
 * earlier call sent. What to do when
 * it fails (retry, breaker, hand-over) is not decided here: see {@code io.akosha.sync.pipeline.CloudPath}.
 */
@ApplicationScoped
public class Uploader {

    private static final Logger LOG = Logger.getLogger(Uploader.class);

    private final Destination destination;
    private final Packer packer;
    private final SyncRegistry registry;
    private final UploadProgress progress;
    private final FileReuse dedup;

    public Uploader(Destination destination, Packer packer, SyncRegistry registry, UploadProgress progress,
            FileReuse dedup) {
        this.destination = destination;
        this.packer = packer;
        this.registry = registry;
        this.progress = progress;
        this.dedup = dedup;
    }

    public void upload(SyncRecord sync, Path stagingDir) throws IOException {
        Packer.Packed packed = packer.pack(destination, sync, stagingDir,
                progress.of(sync.syncId()), dedup);
        if (Thread.currentThread().isInterrupted()) {
            // a timeout fired while the files went up: do not commit, the fallback takes over
            throw new InterruptedIOException("cloud upload timed out before its manifest");
        }
        abortLeftovers(packed.manifestKey());
        destination.put(packed.manifestKey(), packed.manifest(), "application/json");
        registry.update(sync.syncId(), r -> r.delivered("cloud", packed.files(), destination.name(),
                packed.manifestKey(), Instant.now()));
        progress.forget(sync.syncId());
        LOG.infof("Sync %s delivered to %s: %d files, manifest %s", sync.syncId(), destination.name(),
                packed.files().size(), packed.manifestKey());
    }

    /** Best effort: a leftover the store does not answer for now is retried with the other pending aborts. */
    private void abortLeftovers(String manifestKey) {
        String prefix = Layout.uploadPrefixOf(manifestKey);
        try {
            int aborted = destination.abortAllUnder(prefix);
            if (aborted > 0) {
                LOG.infof("Gave up %d multipart upload(s) left open under %s by an earlier attempt", aborted, prefix);
            }
        } catch (IOException e) {
            LOG.debugf("Open multipart uploads under %s not checked (%s)", prefix, e.getMessage());
        }
    }

    /**
     * Gives up what the cloud path sent for a sync (its multipart uploads are aborted) and forgets its progress:
     * the sync was delivered another way, or its parts were cut from a copy that is gone.
     */
    public void abandon(String syncId) {
        destination.abandon(progress.objects(syncId));
        progress.forget(syncId);
    }
}

package io.akosha.sync.pipeline;

import io.akosha.sync.lifecycle.Shutdown;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs a consumer's work for one sync at most once at a time (a sync id can reach a channel twice: a
 * re-drive racing a restart), with the sync's ids in the log's MDC, and never lets a failure escape into
 * the messaging stream. Work counts as in flight for {@link Shutdown}, and none starts once the sidecar stops.
 */
public final class OncePerSync {

    private static final Logger LOG = Logger.getLogger(OncePerSync.class);

    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Shutdown shutdown;
    private final SyncRegistry registry;

    public OncePerSync(Shutdown shutdown, SyncRegistry registry) {
        this.shutdown = shutdown;
        this.registry = registry;
    }

    /** Runs {@code work} for the sync a consumer took from its channel. */
    public void run(String syncId, Runnable work) {
        String uploadId = registry.get(syncId).map(SyncRecord::uploadId).orElse(null);
        if (!shutdown.enter()) {
            return; // stopping: the journal keeps the sync for the next start
        }
        if (!running.add(syncId)) {
            shutdown.exit();
            return;
        }
        MDC.put("sync_id", syncId);
        if (uploadId != null) {
            MDC.put("upload_id", uploadId);
        }
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Sync %s failed unexpectedly", syncId);
        } finally {
            MDC.remove("sync_id");
            MDC.remove("upload_id");
            running.remove(syncId);
            shutdown.exit();
        }
    }
}

package io.akosha.sync.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Runs a consumer's work for one sync at most once at a time (a sync id can reach a channel twice: a
 * re-drive racing a restart), with the sync's ids in the log's MDC, and never lets a failure escape into
 * the messaging stream.
 */
public final class OncePerSync {

    private static final Logger LOG = Logger.getLogger(OncePerSync.class);

    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public void run(String syncId, String uploadId, Runnable work) {
        if (!running.add(syncId)) {
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
        }
    }
}

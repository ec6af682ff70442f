package io.akosha.sync.upload;

import io.akosha.sync.store.ObjectStore;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Multipart uploads nobody will resume, given up so that no orphaned parts are billed to the user. When the store
 * cannot be reached for an abort it is kept and tried again by {@link #retry()}.
 */
final class PendingAborts {

    private static final Logger LOG = Logger.getLogger(PendingAborts.class);

    private final ObjectStore store;
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();

    PendingAborts(ObjectStore store) {
        this.store = store;
    }

    void abortOrKeep(String key, String uploadId) {
        if (!abort(key, uploadId)) {
            pending.add(new Pending(key, uploadId));
        }
    }

    /** Tries the kept aborts again; returns how many are still pending. */
    int retry() {
        for (Pending p : pending) {
            if (abort(p.key(), p.uploadId())) {
                pending.remove(p);
            }
        }
        return pending.size();
    }

    private boolean abort(String key, String uploadId) {
        try {
            store.abort(key, uploadId);
            LOG.infof("Aborted multipart upload of %s", key);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not abort multipart upload of %s yet: %s", key, e.getMessage());
            return false;
        }
    }

    private record Pending(String key, String uploadId) {
    }
}

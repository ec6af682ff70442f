package io.akosha.sync.audit;

import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncMethod;
import io.akosha.sync.sync.SyncTransition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Audits what happens to the data: uploads delivered (by which path, to which destination), uploads that
 * failed and went to the HTTP fallback, syncs parked. Derived from the syncs' status changes, so every path
 * is covered without a call at each site; reasons are the sanitised ones of the status API.
 */
@ApplicationScoped
public class SyncAudit {

    private final Audit audit;

    public SyncAudit(Audit audit) {
        this.audit = audit;
    }

    void onTransition(@Observes SyncTransition transition) {
        SyncRecord sync = transition.after();
        switch (sync.status()) {
            case DELIVERED -> audit.record("upload", "success", sync.memories() == null
                    ? ids(sync, "method", sync.method(), "destination", sync.deliveredVia(), "files",
                            sync.files().size(), "manifest", sync.manifestKey())
                    : ids(sync, "method", sync.method(), "destination", sync.deliveredVia(), "memories_pushed",
                            sync.memories().pushed(), "memories_already_stored", sync.memories().alreadyStored(),
                            "memories_refused", sync.memories().refused(), "memories_skipped",
                            sync.memories().skipped()));
            case FALLING_BACK -> {
                if (sync.requestedMethod() != SyncMethod.HTTP) { // the cloud path gave up
                    audit.record("upload", "failure", ids(sync, "method", "cloud", "reason", sync.error()));
                }
                audit.record("fallback.used", "success", ids(sync, "reason", sync.error()));
            }
            case PARKED -> audit.record("sync.parked", "failure", ids(sync, "attempts", sync.attempts(),
                    "parked_from", transition.before().status().wireName(), "reason", sync.error()));
            default -> {
                // queued, snapshotting, uploading: progress, not security events
            }
        }
    }

    private static Object[] ids(SyncRecord sync, Object... more) {
        Object[] all = new Object[6 + more.length];
        all[0] = "sync_id";
        all[1] = sync.syncId();
        all[2] = "upload_id";
        all[3] = sync.uploadId();
        all[4] = "system_id";
        all[5] = sync.systemId();
        System.arraycopy(more, 0, all, 6, more.length);
        return all;
    }
}

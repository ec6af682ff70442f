package io.akosha.sync.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything known about one sync. Immutable: every change is a new record, appended to the journal
 * before anyone else sees it. The same shape is the journal record and the API's view.
 *
 * @param requestedMethod method asked for by the event (or {@code akosha.force-method})
 * @param method          path that delivered the sync: {@code cloud} (bucket or local directory) or {@code http}
 * @param requestedFiles  names the snapshot takes (from the event or {@code akosha.files})
 * @param files           staged or stored files, empty until the snapshot completed
 * @param deliveredVia    destination that took the upload: {@code s3}, {@code local} or {@code http}
 * @param objects         progress of the cloud path's objects, so that a restart resumes them; empty once delivered
 */
@RegisterForReflection
public record SyncRecord(
        String syncId,
        String sessionId,
        String systemId,
        String uploadId,
        SyncMethod requestedMethod,
        String method,
        SyncStatus status,
        int attempts,
        long conversationCount,
        List<String> requestedFiles,
        List<FileResult> files,
        String deliveredVia,
        String manifestKey,
        Instant createdAt,
        Instant updatedAt,
        Instant deliveredAt,
        String error,
        List<ObjectProgress> objects) {

    public SyncRecord {
        requestedFiles = List.copyOf(requestedFiles);
        files = files == null ? List.of() : List.copyOf(files);
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    /** Key under which repeated ends of the same session map to one sync. */
    public static String sessionKey(String systemId, String sessionId) {
        return systemId + "/" + sessionId;
    }

    public String sessionKey() {
        return sessionKey(systemId, sessionId);
    }

    public SyncRecord startAttempt(Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, method, SyncStatus.SNAPSHOTTING,
                attempts + 1, conversationCount, requestedFiles, files, deliveredVia, manifestKey, createdAt, now,
                deliveredAt, error, objects);
    }

    /**
     * Snapshot staged, upload next. A new snapshot ({@code fresh}) forgets the objects' progress: parts cut from
     * an earlier copy must not be mixed with this one.
     */
    public SyncRecord staged(List<FileResult> stagedFiles, boolean fresh, Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, method, SyncStatus.UPLOADING,
                attempts, conversationCount, requestedFiles, stagedFiles, deliveredVia, manifestKey, createdAt, now,
                deliveredAt, error, fresh ? List.of() : objects);
    }

    /** A new snapshot recorded without a change of status (the fallback re-staged a lost snapshot). */
    public SyncRecord restaged(List<FileResult> stagedFiles, Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, method, status, attempts,
                conversationCount, requestedFiles, stagedFiles, deliveredVia, manifestKey, createdAt, now, deliveredAt,
                error, List.of());
    }

    public SyncRecord delivered(String path, List<FileResult> storedFiles, String via, String manifest, Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, path, SyncStatus.DELIVERED, attempts,
                conversationCount, requestedFiles, storedFiles, via, manifest, createdAt, now, now, null, List.of());
    }

    /** Back to the queue (busy snapshot, re-drive); the staged files are forgotten so the next try copies anew. */
    public SyncRecord requeued(String reason, Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, method, SyncStatus.QUEUED, attempts,
                conversationCount, requestedFiles, List.of(), deliveredVia, manifestKey, createdAt, now, deliveredAt,
                reason, objects);
    }

    /** Handed to the HTTP fallback; {@code reason} says why the cloud path gave up. */
    public SyncRecord fallingBack(String reason, Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, method, SyncStatus.FALLING_BACK,
                attempts, conversationCount, requestedFiles, files, deliveredVia, manifestKey, createdAt, now,
                deliveredAt, reason, objects);
    }

    public SyncRecord parked(String reason, Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, method, SyncStatus.PARKED, attempts,
                conversationCount, requestedFiles, files, deliveredVia, manifestKey, createdAt, now, deliveredAt,
                reason, objects);
    }

    /** Records how far one object got (replacing what was known about the same key). */
    public SyncRecord withObject(ObjectProgress object, Instant now) {
        List<ObjectProgress> next = new ArrayList<>(objects.size() + 1);
        for (ObjectProgress o : objects) {
            if (!o.key().equals(object.key())) {
                next.add(o);
            }
        }
        next.add(object);
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, method, status, attempts,
                conversationCount, requestedFiles, files, deliveredVia, manifestKey, createdAt, now, deliveredAt, error,
                next);
    }
}

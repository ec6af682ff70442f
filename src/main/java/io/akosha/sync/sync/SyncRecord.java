package io.akosha.sync.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
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
        String error) {

    public SyncRecord {
        requestedFiles = List.copyOf(requestedFiles);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** Key under which repeated ends of the same session map to one sync. */
    public static String sessionKey(String systemId, String sessionId) {
        return systemId + "/" + sessionId;
    }

    public String sessionKey() {
        return sessionKey(systemId, sessionId);
    }

    public SyncRecord startAttempt(Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, method, SyncStatus.SNAPSHOTTING, attempts + 1,
                conversationCount, requestedFiles, files, deliveredVia, manifestKey, createdAt, now, deliveredAt, error);
    }

    public SyncRecord staged(List<FileResult> stagedFiles, Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, method, SyncStatus.UPLOADING, attempts,
                conversationCount, requestedFiles, stagedFiles, deliveredVia, manifestKey, createdAt, now, deliveredAt,
                error);
    }

    /** Staged files (re-)recorded without a change of status (the fallback re-staged a lost snapshot). */
    public SyncRecord withFiles(List<FileResult> stagedFiles, Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, method, status, attempts,
                conversationCount, requestedFiles, stagedFiles, deliveredVia, manifestKey, createdAt, now, deliveredAt,
                error);
    }

    public SyncRecord delivered(String path, List<FileResult> storedFiles, String via, String manifest, Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, path, SyncStatus.DELIVERED, attempts,
                conversationCount, requestedFiles, storedFiles, via, manifest, createdAt, now, now, null);
    }

    /** Back to the queue (busy snapshot, re-drive); the staged files are forgotten so the next try copies anew. */
    public SyncRecord requeued(String reason, Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, method, SyncStatus.QUEUED, attempts,
                conversationCount, requestedFiles, List.of(), deliveredVia, manifestKey, createdAt, now, deliveredAt,
                reason);
    }

    /** Handed to the HTTP fallback; {@code reason} says why the cloud path gave up. */
    public SyncRecord fallingBack(String reason, Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, method, SyncStatus.FALLING_BACK,
                attempts, conversationCount, requestedFiles, files, deliveredVia, manifestKey, createdAt, now,
                deliveredAt, reason);
    }

    public SyncRecord parked(String reason, Instant now) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, method, SyncStatus.PARKED, attempts,
                conversationCount, requestedFiles, files, deliveredVia, manifestKey, createdAt, now, deliveredAt,
                reason);
    }
}

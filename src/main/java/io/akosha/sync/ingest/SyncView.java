package io.akosha.sync.ingest;

import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.MemoryCounts;
import io.akosha.sync.sync.SessionEnd;
import io.akosha.sync.sync.SkippedFile;
import io.akosha.sync.sync.SyncMethod;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * A sync as the REST API shows it ({@code GET /v1/syncs/{id}}): the API's own shape, so that the journal's record
 * can change without changing what clients read.
 *
 * @param requestedMethod method asked for by the event (or {@code akosha.force-method})
 * @param method          path that delivered the sync: {@code cloud} (bucket or local directory) or {@code http}
 * @param requestedFiles  names the snapshot takes
 * @param files           staged or stored files: name, size, SHA-256, stored bytes, object key, parts
 * @param deliveredVia    destination that took the upload: {@code s3}, {@code local} or {@code http}
 * @param error           the last (sanitised) reason the sync was re-queued, handed over or parked
 * @param retryAt         when a parked sync is re-driven next
 * @param skippedFiles    asked-for databases the snapshot did not take (vanished, or leading out of the data
 *                        directory), with the reason; the others were delivered
 * @param memories        what the MCP fallback pushed into Akosha: pushed, already stored, refused, skipped (with the
 *                        first reasons) and notes; absent on the other paths
 * @param sessionEnd      what the session end said (reason, cwd), the hash of its files' state, and the earlier sync
 *                        of the same session this one follows
 */
@RegisterForReflection
public record SyncView(String syncId, String sessionId, String systemId, String uploadId, SyncMethod requestedMethod,
        String method, SyncStatus status, int attempts, long conversationCount, List<String> requestedFiles,
        List<FileResult> files, String deliveredVia, String manifestKey, Instant createdAt, Instant updatedAt,
        Instant deliveredAt, String error, Instant retryAt, List<SkippedFile> skippedFiles, MemoryCounts memories,
        SessionEnd sessionEnd) {

    public static SyncView of(SyncRecord r) {
        return new SyncView(r.syncId(), r.sessionId(), r.systemId(), r.uploadId(), r.requestedMethod(), r.method(),
                r.status(), r.attempts(), r.conversationCount(), r.requestedFiles(), r.files(), r.deliveredVia(),
                r.manifestKey(), r.createdAt(), r.updatedAt(), r.deliveredAt(), r.error(), r.retryAt(), r.skipped(),
                r.memories(), r.sessionEnd());
    }
}

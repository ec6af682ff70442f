package io.akosha.sync.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The state of one sync, as its journal keeps it. Immutable: every change is a new record, made by one of the
 * named transitions below and appended to the journal before anyone else sees it. The progress of the objects of
 * an upload lives elsewhere (the upload pipeline's progress journal), and the REST resources show their own view.
 *
 * @param requestedMethod method asked for by the event (or {@code akosha.force-method})
 * @param method          path that delivered the sync: {@code cloud} (bucket or local directory) or {@code http}
 * @param attempts        tries at delivering it: each time it is driven (first, re-driven, after a restart) and each
 *                        retry of a delivery path
 * @param requestedFiles  names the snapshot takes (from the event or {@code akosha.files})
 * @param files           staged or stored files, empty until the snapshot completed
 * @param deliveredVia    destination that took the upload: {@code s3}, {@code local}, {@code http} (multipart) or
 *                        {@code akosha-mcp} (memories pushed through Akosha's MCP ingestion)
 * @param retryAt         when a parked sync is re-driven next (persisted, so a restart keeps the due time)
 * @param skipped         asked-for databases the snapshot did not take, with the reason
 * @param timesParked     how often it was parked (each re-drive waits twice as long as the one before)
 * @param memories        what the MCP fallback pushed (null on every other path)
 * @param sessionEnd      what the session end said and saw (null in journals written before it was recorded)
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
        Instant retryAt,
        List<SkippedFile> skipped,
        int timesParked,
        MemoryCounts memories,
        SessionEnd sessionEnd) {

    public SyncRecord {
        requestedFiles = List.copyOf(requestedFiles);
        files = files == null ? List.of() : List.copyOf(files);
        skipped = skipped == null ? List.of() : List.copyOf(skipped); // journals written before the field
    }

    /** A session end just accepted: queued, nothing staged yet. */
    public static SyncRecord accepted(String syncId, String sessionId, String systemId, String uploadId,
            SyncMethod requestedMethod, long conversationCount, List<String> requestedFiles, Instant now,
            SessionEnd sessionEnd) {
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, null, SyncStatus.QUEUED, 0,
                conversationCount, requestedFiles, List.of(), null, null, now, now, null, null, null, List.of(), 0,
                null, sessionEnd);
    }

    /**
     * Whether this session end, just accepted, only repeats {@code prior} (an earlier sync of the same session):
     * the same files in the same state. Anything else (files changed, other files, a sync from before file states
     * were recorded) is a new sync.
     */
    public boolean repeats(SyncRecord prior) {
        return prior.sessionEnd != null && sessionEnd != null && prior.requestedFiles.equals(requestedFiles)
                && sessionEnd.filesState().equals(prior.sessionEnd.filesState());
    }

    /** This session end as the sync that follows {@code prior}: its own, later upload id. */
    SyncRecord following(SyncRecord prior) {
        return accepted(syncId, sessionId, systemId, UploadIds.after(createdAt, sessionId, prior.uploadId),
                requestedMethod, conversationCount, requestedFiles, createdAt,
                (sessionEnd == null ? new SessionEnd(null, null, null, null) : sessionEnd).following(prior.syncId));
    }

    /** Key under which repeated ends of the same session map to one sync. */
    public static String sessionKey(String systemId, String sessionId) {
        return systemId + "/" + sessionId;
    }

    public String sessionKey() {
        return sessionKey(systemId, sessionId);
    }

    public SyncRecord startAttempt(Instant now) {
        return change(now, s -> {
            s.status = SyncStatus.SNAPSHOTTING;
            s.attempts++;
        });
    }

    /** A delivery path tries again (its fault-tolerance retry): one more attempt, the status unchanged. */
    public SyncRecord retried(Instant now) {
        return change(now, s -> s.attempts++);
    }

    /** Snapshot staged, upload next. */
    public SyncRecord staged(List<FileResult> stagedFiles, List<SkippedFile> notTaken, Instant now) {
        return change(now, s -> {
            s.status = SyncStatus.UPLOADING;
            s.files = stagedFiles;
            s.skipped = notTaken;
        });
    }

    /** A new snapshot recorded without a change of status (the fallback re-staged a lost snapshot). */
    public SyncRecord restaged(List<FileResult> stagedFiles, List<SkippedFile> notTaken, Instant now) {
        return change(now, s -> {
            s.files = stagedFiles;
            s.skipped = notTaken;
        });
    }

    public SyncRecord delivered(String path, List<FileResult> storedFiles, String via, String manifest, Instant now) {
        return change(now, s -> {
            s.status = SyncStatus.DELIVERED;
            s.method = path;
            s.files = storedFiles;
            s.deliveredVia = via;
            s.manifestKey = manifest;
            s.deliveredAt = now;
            s.error = null;
        });
    }

    /** The MCP fallback pushed the memories of the staged databases into Akosha ({@code via} {@code akosha-mcp}). */
    public SyncRecord memoriesDelivered(String via, MemoryCounts counts, Instant now) {
        return change(now, s -> {
            s.status = SyncStatus.DELIVERED;
            s.method = "http";
            s.deliveredVia = via;
            s.manifestKey = null;
            s.memories = counts;
            s.deliveredAt = now;
            s.error = null;
        });
    }

    /** Counts of a push to Akosha's MCP ingestion still going on, shown while it runs. */
    public SyncRecord pushing(MemoryCounts counts, Instant now) {
        return change(now, s -> s.memories = counts);
    }

    /** Back to the queue (busy snapshot, spool full); the staged files are forgotten so the next try copies anew. */
    public SyncRecord requeued(String reason, Instant now) {
        return change(now, s -> {
            s.status = SyncStatus.QUEUED;
            s.files = List.of();
            s.skipped = List.of();
            s.error = reason;
        });
    }

    /**
     * A parked sync back to the queue: its staged snapshot is kept, so the next try sends the same bytes and resumes
     * what earlier attempts sent.
     */
    public SyncRecord redriven(String reason, Instant now) {
        return change(now, s -> {
            s.status = SyncStatus.QUEUED;
            s.error = reason;
        });
    }

    /** Handed to the HTTP fallback; {@code reason} says why the cloud path gave up. */
    public SyncRecord fallingBack(String reason, Instant now) {
        return change(now, s -> {
            s.status = SyncStatus.FALLING_BACK;
            s.error = reason;
        });
    }

    /** Neither path could deliver it; it is re-driven at {@code retryAt}, or on request. */
    public SyncRecord parked(String reason, Instant now, Instant retryAt) {
        return change(now, s -> {
            s.status = SyncStatus.PARKED;
            s.error = reason;
            s.retryAt = retryAt;
            s.timesParked++;
        });
    }

    /** This record with what {@code edit} changes in its mutable part, updated at {@code now}. */
    private SyncRecord change(Instant now, Consumer<State> edit) {
        State s = new State(this);
        edit.accept(s);
        return new SyncRecord(syncId, sessionId, systemId, uploadId, requestedMethod, s.method, s.status, s.attempts,
                conversationCount, requestedFiles, s.files, s.deliveredVia, s.manifestKey, createdAt, now,
                s.deliveredAt, s.error, s.status == SyncStatus.PARKED ? s.retryAt : null, s.skipped, s.timesParked,
                s.memories, sessionEnd);
    }

    /** What a transition may change; the identity of the sync and what the event asked for never change. */
    private static final class State {
        private String method;
        private SyncStatus status;
        private int attempts;
        private List<FileResult> files;
        private String deliveredVia;
        private String manifestKey;
        private Instant deliveredAt;
        private String error;
        private Instant retryAt;
        private List<SkippedFile> skipped;
        private int timesParked;
        private MemoryCounts memories;

        State(SyncRecord r) {
            method = r.method;
            status = r.status;
            attempts = r.attempts;
            files = r.files;
            deliveredVia = r.deliveredVia;
            manifestKey = r.manifestKey;
            deliveredAt = r.deliveredAt;
            error = r.error;
            retryAt = r.retryAt;
            skipped = r.skipped;
            timesParked = r.timesParked;
            memories = r.memories;
        }
    }
}

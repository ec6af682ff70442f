package io.akosha.sync.assistant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.ingest.SessionEndRequest;
import io.akosha.sync.ingest.SyncAcceptor;
import io.akosha.sync.ingest.SyncView;
import io.akosha.sync.redact.Redactor;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.SyncStatus;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * MCP tools on the sidecar's syncs: {@code sync_now} ends a session exactly as {@code POST /v1/sessions/{id}/end}
 * does (the same validation, journal and channel: {@link SyncAcceptor}), {@code sync_status} shows syncs as
 * {@code GET /v1/syncs} does ({@link SyncView}).
 */
@Singleton
public class SyncTools {

    static final int NEWEST = 20;

    private final SyncAcceptor acceptor;
    private final SyncRegistry registry;
    private final ObjectMapper mapper;

    public SyncTools(SyncAcceptor acceptor, SyncRegistry registry, ObjectMapper mapper) {
        this.acceptor = acceptor;
        this.registry = registry;
        this.mapper = mapper;
    }

    @Tool(name = "sync_now", description = "End a session now and sync its memory files (session-buddy's DuckDB "
            + "databases) to the configured destination, as the session-end hook does. Answers once the session end "
            + "is on the sidecar's disk; the upload runs in the background (follow it with sync_status). Ending a "
            + "session again with its files unchanged returns the earlier sync (repeat_of) and uploads nothing.")
    public Uni<ToolResponse> syncNow(
            @ToolArg(name = "session_id", description = "Session id: 1 to 128 letters, digits, '.', '_' or '-', "
                    + "never '..' (Claude Code's session UUID, session-buddy's {project}-{date}-{time})")
            String sessionId,
            @ToolArg(name = "files", required = false, description = "Plain file names in the data directory (or "
                    + "{label}__{name} of an extra directory); default: every file akosha.files matches")
            List<String> files,
            @ToolArg(name = "reason", required = false, description = "Why the session ends; kept with the sync")
            String reason) {
        try {
            return Uni.createFrom()
                    .completionStage(() -> acceptor.accept(sessionId,
                            new SessionEndRequest(null, files, null, null, reason, null)))
                    .map(this::accepted)
                    .onFailure().recoverWithItem(Replies::error);
        } catch (RuntimeException e) { // validation and refusals are thrown at once, as for the API
            return Uni.createFrom().item(Replies.error(e));
        }
    }

    private ToolResponse accepted(SyncRegistry.Accepted accepted) {
        SyncRecord sync = accepted.record();
        String previous = sync.sessionEnd() == null ? null : sync.sessionEnd().previousSyncId();
        ObjectNode result = mapper.createObjectNode().put("sync_id", sync.syncId()).put("upload_id", sync.uploadId())
                .put("status", sync.status().wireName()).put("repeat", !accepted.created());
        if (!accepted.created()) {
            result.put("repeat_of", sync.syncId());
        } else if (previous != null) {
            result.put("previous_sync_id", previous);
        }
        String summary = accepted.created()
                ? "Sync " + sync.syncId() + " of session " + sync.sessionId() + " accepted (" + sync.status().wireName()
                        + "), upload " + sync.uploadId()
                        + (previous == null ? "" : "; follows sync " + previous + " (files changed)")
                : "Session " + sync.sessionId() + " ended before with the same files: sync " + sync.syncId() + " ("
                        + sync.status().wireName() + "), nothing uploaded again";
        return Replies.success(summary, result);
    }

    @Tool(name = "sync_status", description = "State of one sync (status, method, files, error, timestamps), or "
            + "without sync_id the newest 20 syncs and a summary: how many are pending and parked, and when the last "
            + "one was delivered.")
    public ToolResponse syncStatus(
            @ToolArg(name = "sync_id", required = false, description = "Id of the sync (sync_now answers it)")
            String syncId) {
        if (syncId != null && !syncId.isEmpty()) {
            return registry.get(syncId).map(r -> Replies.success(line(r), view(r)))
                    .orElseGet(() -> Replies.error("no sync with id '" + Redactor.printable(syncId) + "'"));
        }
        List<SyncRecord> all = registry.list(null);
        ObjectNode result = mapper.createObjectNode();
        long parked = registry.count(SyncStatus.PARKED);
        long pending = registry.pendingCount();
        Instant lastDelivered = all.stream().map(SyncRecord::deliveredAt).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        result.putObject("summary").put("total", all.size()).put("pending", pending)
                .put("parked", parked).put("delivered", registry.count(SyncStatus.DELIVERED))
                .put("last_delivered_at", lastDelivered == null ? null : lastDelivered.toString());
        ArrayNode syncs = result.putArray("syncs");
        all.stream().limit(NEWEST).forEach(r -> syncs.add(view(r)));
        String summary = all.size() + " syncs: " + pending + " pending, " + parked + " parked, "
                + (lastDelivered == null ? "none delivered yet" : "last delivered at " + lastDelivered)
                + (all.isEmpty() ? "" : "; newest: " + line(all.get(0)));
        return Replies.success(summary, result);
    }

    private ObjectNode view(SyncRecord record) {
        return mapper.valueToTree(SyncView.of(record));
    }

    private static String line(SyncRecord r) {
        return "sync " + r.syncId() + " (session " + r.sessionId() + ", upload " + r.uploadId() + ") is "
                + r.status().wireName() + (r.method() == null ? "" : " via " + r.method())
                + (r.error() == null ? "" : ": " + r.error());
    }
}

package io.akosha.sync.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The sidecar's answer to a session end: accepted (2xx, with the sync id, and as reason whether it repeats or follows
 * an earlier sync of the session) or refused, with the reason its RFC 9457 problem details give ({@code detail}), else
 * the first line of the body, else the status line's reason.
 */
record SidecarAnswer(int status, String syncId, String reason, String retryAfter) {

    private static final ObjectMapper JSON = HookJson.MAPPER;

    static SidecarAnswer of(int status, String statusReason, String retryAfter, String body) {
        JsonNode json = parse(body);
        if (status >= 200 && status < 300) {
            return new SidecarAnswer(status, json.path("sync_id").asText(""), acceptedAs(json), null);
        }
        String reason = json.path("detail").asText("");
        if (reason.isBlank()) {
            reason = body.isBlank() ? (statusReason == null ? "" : statusReason) : body.strip().lines().findFirst()
                    .orElse("");
        }
        return new SidecarAnswer(status, null, Printable.of(reason), retryAfter);
    }

    /** For an accepted end, what the reason field holds: whether it repeats an earlier sync or follows one. */
    private static String acceptedAs(JsonNode json) {
        if (json.hasNonNull("repeat_of")) {
            return " (a repeat: the files are unchanged since, nothing new to upload)";
        }
        if (json.hasNonNull("previous_sync_id")) {
            return " (the session ended before as sync " + Printable.of(json.get("previous_sync_id").asText())
                    + "; its files changed since)";
        }
        return "";
    }

    boolean accepted() {
        return status >= 200 && status < 300;
    }

    /** {@code 400 sessionId must not contain …}, with {@code (retry after N s)} when the sidecar asked for that. */
    String describe() {
        String text = status + (reason.isEmpty() ? "" : " " + reason);
        return retryAfter == null ? text : text + " (retry after " + Printable.of(retryAfter) + " s)";
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (IOException notJson) {
            return JSON.missingNode();
        }
    }
}

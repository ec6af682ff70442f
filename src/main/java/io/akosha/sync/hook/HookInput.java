package io.akosha.sync.hook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What Claude Code passes a {@code SessionEnd} hook on standard input: {@code session_id}, and the {@code reason}
 * and {@code cwd} the sidecar records with the session end. Read through Jackson's tree model, so nothing needs
 * reflection in the native image.
 */
record HookInput(String sessionId, String reason, String cwd) {

    /** Claude Code's object is well under 1 KiB; anything larger than this is not it. */
    static final int MAX_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = HookJson.MAPPER;

    /** Reads at most {@link #MAX_BYTES}; the exception's message says why the input is not a session end. */
    static HookInput read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("it is larger than 64 KiB");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(Printable.of(e));
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("it is empty");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("it is not a JSON object");
        }
        JsonNode event = root.get("hook_event_name");
        if (event != null && !"SessionEnd".equals(event.asText())) {
            // wired to another event (Stop runs after every answer), it would sync on every turn
            throw new IllegalArgumentException("it is a " + Printable.of(event.asText()) + " event, not SessionEnd");
        }
        String sessionId = text(root, "session_id");
        if (sessionId == null || sessionId.isEmpty()) {
            throw new IllegalArgumentException("it has no session_id");
        }
        return new HookInput(sessionId, text(root, "reason"), text(root, "cwd"));
    }

    /** The session-end body: only the fields Claude Code sent. */
    byte[] body() {
        ObjectNode body = JSON.createObjectNode();
        if (reason != null) {
            body.put("reason", reason);
        }
        if (cwd != null) {
            body.put("cwd", cwd);
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}

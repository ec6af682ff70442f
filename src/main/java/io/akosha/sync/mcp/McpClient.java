package io.akosha.sync.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.fallback.BytesBody;
import io.akosha.sync.fallback.IngestFailedException;
import io.akosha.sync.fallback.IngestRejectedException;
import io.akosha.sync.fallback.StreamingHttp;
import io.akosha.sync.redact.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One MCP session with Akosha over the streamable HTTP transport (MCP 2025-06-18): {@code initialize}, the
 * {@code notifications/initialized} notification, then {@code tools/call}s, each a JSON-RPC POST with
 * {@code Accept: application/json, text/event-stream}, the session id the server gave and the negotiated protocol
 * version. Answers come as JSON or as Server-Sent Events; the response with the call's id is taken. A session the
 * server forgot (404) is opened again once. HTTP 401/403, other 4xx, JSON-RPC and tool errors are final
 * ({@link IngestRejectedException}, {@link McpToolException}); 408, 429, 5xx and lost connections may pass
 * ({@link IngestFailedException}). The token goes in {@code Authorization: Bearer}, never in a message. Not
 * thread-safe: one push uses it.
 */
public final class McpClient {

    static final String PROTOCOL_VERSION = "2025-06-18";
    private static final String JSON = "application/json";

    private final StreamingHttp http;
    private final ObjectMapper mapper;
    private final String token;
    private final String version;
    private String sessionId;
    private String protocolVersion;
    private boolean open;
    private long nextId = 1;

    /** {@code token}: the bearer token, or null to send none; {@code version}: the sidecar's, told to the server. */
    public McpClient(StreamingHttp http, ObjectMapper mapper, String token, String version) {
        this.http = http;
        this.mapper = mapper;
        this.token = token == null || token.isBlank() ? null : token;
        this.version = version;
    }

    /**
     * Calls {@code tool} with {@code arguments} (a JSON object, already serialised) and returns its structured result
     * (or the JSON its text content holds).
     */
    public JsonNode callTool(String tool, byte[] arguments) throws IOException {
        for (int attempt = 0;; attempt++) {
            if (!open) {
                initialize();
            }
            long id = nextId++;
            ByteArrayOutputStream body = new ByteArrayOutputStream(arguments.length + 128);
            body.writeBytes(("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                    + mapper.writeValueAsString(tool) + ",\"arguments\":").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(arguments);
            body.writeBytes("}}".getBytes(StandardCharsets.UTF_8));
            StreamingHttp.Answer answer = post(body.toByteArray());
            if (answer.status() == 404 && sessionId != null && attempt == 0) { // the server forgot the session
                open = false;
                sessionId = null;
                continue;
            }
            JsonNode result = result(answer, id, body.size());
            if (result.path("isError").asBoolean(false)) {
                throw new McpToolException("Akosha's tool " + tool + " failed: " + clip(contentText(result)));
            }
            JsonNode structured = result.get("structuredContent");
            if (structured != null && structured.isObject()) {
                return structured;
            }
            try {
                return mapper.readTree(contentText(result));
            } catch (IOException e) {
                throw new McpToolException("Akosha's tool " + tool + " answered no JSON result");
            }
        }
    }

    private void initialize() throws IOException {
        long id = nextId++;
        ObjectNode request = mapper.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", "initialize");
        ObjectNode params = request.putObject("params").put("protocolVersion", PROTOCOL_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "akosha-sync").put("version", version);
        sessionId = null;
        protocolVersion = null;
        byte[] body = mapper.writeValueAsBytes(request);
        StreamingHttp.Answer answer = post(body);
        JsonNode result = result(answer, id, body.length);
        sessionId = answer.headers().get("mcp-session-id");
        protocolVersion = result.path("protocolVersion").asText(PROTOCOL_VERSION);
        byte[] initialized = mapper.writeValueAsBytes(mapper.createObjectNode().put("jsonrpc", "2.0")
                .put("method", "notifications/initialized"));
        StreamingHttp.Answer accepted = post(initialized);
        if (accepted.status() / 100 != 2) {
            throw failure(accepted, initialized.length);
        }
        open = true;
    }

    private StreamingHttp.Answer post(byte[] body) throws IOException {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", JSON + ", text/event-stream");
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (sessionId != null) {
            headers.put("Mcp-Session-Id", sessionId);
        }
        if (protocolVersion != null) {
            headers.put("MCP-Protocol-Version", protocolVersion);
        }
        return http.post("", headers, new BytesBody(JSON, body));
    }

    /** The JSON-RPC result with {@code id} in a 2xx answer, as JSON or as an event stream. */
    private JsonNode result(StreamingHttp.Answer answer, long id, long sent) throws IOException {
        if (answer.status() / 100 != 2) {
            throw failure(answer, sent);
        }
        String contentType = String.valueOf(answer.headers().get("Content-Type"));
        JsonNode response = contentType.startsWith("text/event-stream")
                ? McpEvents.responseWithId(mapper, answer.body().toString(StandardCharsets.UTF_8), id)
                : byId(mapper.readTree(answer.body().getBytes()), id);
        if (response == null) {
            throw new IngestFailedException("Akosha's MCP answer held no response to request " + id);
        }
        JsonNode error = response.get("error");
        if (error != null && !error.isNull()) {
            throw new McpToolException("Akosha's MCP server answered JSON-RPC error " + error.path("code").asText()
                    + ": " + clip(error.path("message").asText()));
        }
        JsonNode result = response.get("result");
        if (result == null || !result.isObject()) {
            throw new McpToolException("Akosha's MCP answer to request " + id + " has no result");
        }
        return result;
    }

    static JsonNode byId(JsonNode message, long id) {
        if (message != null && message.isArray()) {
            for (JsonNode m : message) {
                if (m.path("id").asLong(-1) == id) {
                    return m;
                }
            }
            return null;
        }
        return message;
    }

    private IOException failure(StreamingHttp.Answer answer, long sent) {
        int status = answer.status();
        String detail = detail(answer);
        if (status == 401 || status == 403) {
            return new IngestRejectedException("Akosha's MCP server refused the token: HTTP " + status
                    + " (check akosha.fallback.token and its audience)");
        }
        if (status == 413) {
            return new IngestRejectedException("Akosha refused a request of " + sent + " bytes as too large (HTTP 413):"
                    + " lower akosha.fallback.mcp.batch-bytes");
        }
        if (status == 408 || status == 429 || status / 100 == 5) {
            return new IngestFailedException("Akosha's MCP server answered HTTP " + status + detail);
        }
        if (status == 404) {
            return new IngestRejectedException("no MCP endpoint at akosha.fallback.url (HTTP 404)" + detail);
        }
        return new IngestRejectedException("Akosha's MCP server refused the request: HTTP " + status + detail);
    }

    /** The error message of a JSON-RPC error body, if the answer has one: " (Bad Request: Missing session ID)". */
    private String detail(StreamingHttp.Answer answer) {
        try {
            JsonNode body = mapper.readTree(answer.body().getBytes());
            String message = body == null ? "" : body.path("error").path("message").asText("");
            return message.isBlank() ? "" : " (" + clip(message) + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String contentText(JsonNode result) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : result.path("content")) {
            if ("text".equals(item.path("type").asText())) {
                text.append(item.path("text").asText());
            }
        }
        return text.toString();
    }

    /** A message from Akosha, as the status API may show it: no secret, printable, short. */
    static String clip(String message) {
        String clean = Redactor.printable(Redactor.redact(message == null ? "" : message));
        return clean.length() <= 300 ? clean : clean.substring(0, 300) + "...";
    }
}

package io.akosha.sync.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on 127.0.0.1 standing in for Akosha's MCP server (FastMCP, "streamable HTTP" transport
 * of the MCP spec 2025-06-18) with the one tool {@code batch_store_memories}. It answers as the real server
 * does: {@code POST /mcp} only (405 otherwise), an {@code Accept} naming both {@code application/json} and
 * {@code text/event-stream} (406), a JSON body (415) of at most 4 MiB (413), a bearer token (401), a session
 * made by {@code initialize} and named in {@code mcp-session-id} (400 without, 404 when unknown),
 * notifications answered 202, requests answered 200 as one server-sent event.
 *
 * <p>
 * Stored memories are kept in memory; duplicates, refusals chosen by the test and ill-formed memories come
 * back as per-memory errors of a {@code partial} or {@code failed} tool result. Every request is counted and
 * its headers recorded; fault hooks fail, slow down or interrupt batches.
 */
public final class AkoshaMcpServer implements AutoCloseable {

    /** The largest request body served; a longer one is answered 413. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** The most memories one {@code batch_store_memories} call may carry. */
    public static final int MAX_BATCH = 1000;
    /** The length of every embedding. */
    public static final int EMBEDDING_DIMENSIONS = 384;
    /** The tool this server offers. */
    public static final String TOOL = "batch_store_memories";
    /** The exchange attribute that holds when a request came. */
    private static final String ARRIVED = "akosha.arrived";
    /** The protocol version answered to {@code initialize}. */
    public static final String PROTOCOL_VERSION = "2025-06-18";

    private static final Set<String> SUPPORTED_VERSIONS = Set.of("2024-11-05", "2025-03-26", "2025-06-18");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile String token;
    private volatile boolean requireToken = true;

    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, JsonNode> stored = new ConcurrentHashMap<>();
    private volatile boolean keepIdsOnly;
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger batchCalls = new AtomicInteger();
    private final AtomicInteger duplicatesRefused = new AtomicInteger();
    private final AtomicInteger maxBatchSize = new AtomicInteger();
    private final AtomicLong maxBodyBytes = new AtomicLong();
    private final Object faultLock = new Object();
    private int failingBatches;
    private int failStatus;
    private volatile Duration batchDelay = Duration.ZERO;
    private volatile Runnable onBatch;
    private final AtomicReference<Instant> firstBatchArrivedAt = new AtomicReference<>();

    /**
     * Starts the server on a free port of the loopback address.
     *
     * @param token the bearer token every request must carry; {@code null}: no token checked
     */
    public AkoshaMcpServer(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "akosha-mcp-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/mcp", this::handle);
        server.start();
    }

    /** The endpoint: {@code http://127.0.0.1:PORT/mcp}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    /**
     * Keeps only the ids of stored memories (their content as JSON null): for benchmarks that push a million
     * memories, whose text and embeddings would not fit the test's heap.
     */
    public void keepIdsOnly(boolean idsOnly) {
        this.keepIdsOnly = idsOnly;
    }

    /** Switches the bearer-token check on or off (on by default; off anyway while the token is null). */
    public void requireToken(boolean require) {
        this.requireToken = require;
    }

    /** Changes the expected bearer token; {@code null}: no token checked. */
    public void token(String token) {
        this.token = token;
    }

    /** Forgets every session: the next request naming one is answered 404 "Session not found". */
    public void expireSessions() {
        sessions.clear();
    }

    /** From now on a memory with this id is not stored but answered with the error {@code reason}. */
    public void refuse(String memoryId, String reason) {
        refusals.put(memoryId, reason);
    }

    /**
     * The next {@code n} {@code batch_store_memories} calls are answered with HTTP {@code httpStatus}
     * (500, 503, ...) and store nothing.
     */
    public void failNextBatches(int n, int httpStatus) {
        synchronized (faultLock) {
            failingBatches = n;
            failStatus = httpStatus;
        }
    }

    /**
     * Sleeps {@code delay} before answering each batch that was stored (after storing: slow inserts);
     * {@link Duration#ZERO}: off.
     */
    public void delayEachBatch(Duration delay) {
        this.batchDelay = delay == null ? Duration.ZERO : delay;
    }

    /**
     * Runs {@code callback} after each batch is stored and before its answer is written (e.g. to kill the
     * client mid-push); {@code null}: none.
     */
    public void onBatch(Runnable callback) {
        this.onBatch = callback;
    }

    /**
     * Clears stored memories, counters, recorded headers, refusals and faults (failures, delay, callback).
     * Sessions and the token stay.
     */
    public void reset() {
        stored.clear();
        refusals.clear();
        received.clear();
        headers.clear();
        requests.set(0);
        batchCalls.set(0);
        duplicatesRefused.set(0);
        maxBatchSize.set(0);
        maxBodyBytes.set(0);
        failNextBatches(0, 0);
        batchDelay = Duration.ZERO;
        onBatch = null;
        firstBatchArrivedAt.set(null);
    }

    /** When the first {@code batch_store_memories} request came (its headers), null before one came. */
    public Instant firstBatchArrivedAt() {
        return firstBatchArrivedAt.get();
    }

    /** A copy of the stored memories, by memory id (each as it arrived). */
    public Map<String, JsonNode> stored() {
        return Map.copyOf(stored);
    }

    /** How many memories are stored. */
    public int storedCount() {
        return stored.size();
    }

    /**
     * How many times a memory with this id arrived in a {@code batch_store_memories} call: stored, duplicate,
     * refused, ill-formed, or in a call failed by {@link #failNextBatches} or over {@link #MAX_BATCH}.
     */
    public int received(String memoryId) {
        AtomicInteger n = received.get(memoryId);
        return n == null ? 0 : n.get();
    }

    /** How many duplicate-key errors were answered. */
    public int duplicatesRefused() {
        return duplicatesRefused.get();
    }

    /** How many {@code batch_store_memories} calls were answered 200 (tool errors included). */
    public int batchCalls() {
        return batchCalls.get();
    }

    /** How many HTTP requests arrived (every method and answer). */
    public int requests() {
        return requests.get();
    }

    /** The largest {@code memories} array seen in one call. */
    public int maxBatchSize() {
        return maxBatchSize.get();
    }

    /** The largest request body read, in bytes (at most {@link #MAX_BODY_BYTES} + 1). */
    public long maxBodyBytes() {
        return maxBodyBytes.get();
    }

    /**
     * The headers of every request in arrival order; each map is case-insensitive and holds a header's values
     * joined by ", ".
     */
    public List<Map<String, String>> requestHeaders() {
        return List.copyOf(headers);
    }

    /** The headers of the last request (case-insensitive), empty before any. */
    public Map<String, String> lastHeaders() {
        List<Map<String, String>> all = requestHeaders();
        return all.isEmpty() ? Map.of() : all.get(all.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.setAttribute(ARRIVED, Instant.now());
            requests.incrementAndGet();
            Map<String, String> recorded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> recorded.put(name, String.join(", ", values)));
            headers.add(Collections.unmodifiableMap(recorded));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            maxBodyBytes.accumulateAndGet(body.length, Math::max);
            try {
                serve(exchange, recorded, body);
            } catch (Exception e) {
                System.err.println("AkoshaMcpServer failed on a request: " + e);
                e.printStackTrace();
                send(exchange, 500, "text/plain", "Internal Server Error", null);
            }
        }
    }

    private void serve(HttpExchange exchange, Map<String, String> h, byte[] body) throws Exception {
        String expected = token;
        if (requireToken && expected != null && !("Bearer " + expected).equals(h.get("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            send(exchange, 401, "application/json", "{\"error\":\"unauthorized\"}", null);
            return;
        }
        if (!"/mcp".equals(exchange.getRequestURI().getPath())) {
            send(exchange, 404, "text/plain", "Not Found", null);
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            send(exchange, 405, "text/plain", "Method Not Allowed", null);
            return;
        }
        String accept = h.getOrDefault("Accept", "").toLowerCase(Locale.ROOT);
        if (!accept.contains("application/json") || !accept.contains("text/event-stream")) {
            sendError(exchange, 406, -32600,
                    "Not Acceptable: Client must accept both application/json and text/event-stream", null);
            return;
        }
        String contentType = h.getOrDefault("Content-Type", "").split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!"application/json".equals(contentType)) {
            sendError(exchange, 415, -32600, "Unsupported Media Type: Content-Type must be application/json", null);
            return;
        }
        if (body.length > MAX_BODY_BYTES) {
            sendError(exchange, 413, -32600, "Payload Too Large: Request body exceeds maximum size", null);
            return;
        }
        JsonNode message;
        try {
            message = MAPPER.readTree(body);
        } catch (IOException e) {
            sendError(exchange, 400, -32700, "Parse error: " + e.getMessage(), null);
            return;
        }
        if (message == null || !message.isObject() || !"2.0".equals(message.path("jsonrpc").asText(null))
                || !(message.has("method") || message.has("result") || message.has("error"))) {
            sendError(exchange, 400, -32602, "Validation error: not a JSON-RPC 2.0 message", null);
            return;
        }
        JsonNode id = message.get("id");
        String method = message.path("method").asText(null);
        if ("initialize".equals(method) && id != null) {
            String session = UUID.randomUUID().toString().replace("-", "");
            sessions.add(session);
            ObjectNode result = MAPPER.createObjectNode();
            result.put("protocolVersion", PROTOCOL_VERSION);
            result.putObject("capabilities").putObject("tools").put("listChanged", false);
            result.putObject("serverInfo").put("name", "akosha-test").put("version", "1");
            sendEvent(exchange, id, result, null, session);
            return;
        }
        String session = h.get("mcp-session-id");
        if (session == null) {
            sendError(exchange, 400, -32600, "Bad Request: Missing session ID", null);
            return;
        }
        if (!sessions.contains(session)) {
            sendError(exchange, 404, -32600, "Session not found", null);
            return;
        }
        String version = h.get("MCP-Protocol-Version");
        if (version != null && !SUPPORTED_VERSIONS.contains(version)) {
            sendError(exchange, 400, -32600, "Bad Request: Unsupported protocol version: " + version
                    + ". Supported versions: 2024-11-05, 2025-03-26, 2025-06-18", session);
            return;
        }
        if (id == null || method == null) { // a notification, or a response from the client
            send(exchange, 202, null, null, session);
            return;
        }
        switch (method) {
            case "ping" -> sendEvent(exchange, id, MAPPER.createObjectNode(), null, session);
            case "tools/list" -> sendEvent(exchange, id, toolList(), null, session);
            case "tools/call" -> callTool(exchange, id, message.path("params"), session);
            default -> sendEvent(exchange, id, null, rpcError(-32601, "Method not found"), session);
        }
    }

    private void callTool(HttpExchange exchange, JsonNode id, JsonNode params, String session) throws Exception {
        String name = params.path("name").asText(null);
        if (name == null) {
            sendEvent(exchange, id, null, rpcError(-32602, "Invalid request parameters"), session);
            return;
        }
        if (!TOOL.equals(name)) {
            sendEvent(exchange, id, toolError("Unknown tool: " + name), null, session);
            return;
        }
        firstBatchArrivedAt.compareAndSet(null, (Instant) exchange.getAttribute(ARRIVED));
        JsonNode memories = params.path("arguments").path("memories");
        if (!memories.isArray()) {
            batchCalls.incrementAndGet();
            sendEvent(exchange, id, toolError("Error executing tool " + TOOL + ": memories must be a list"), null,
                    session);
            return;
        }
        maxBatchSize.accumulateAndGet(memories.size(), Math::max);
        for (JsonNode memory : memories) {
            JsonNode memoryId = memory.get("memory_id");
            if (memoryId != null && memoryId.isTextual()) {
                received.computeIfAbsent(memoryId.asText(), k -> new AtomicInteger()).incrementAndGet();
            }
        }
        int fault = 0;
        synchronized (faultLock) {
            if (failingBatches > 0) {
                failingBatches--;
                fault = failStatus;
            }
        }
        if (fault != 0) {
            send(exchange, fault, "text/plain", "Injected fault: HTTP " + fault, null);
            return;
        }
        if (memories.size() > MAX_BATCH) {
            batchCalls.incrementAndGet();
            sendEvent(exchange, id, toolError("At most " + MAX_BATCH + " memories per batch"), null, session);
            return;
        }
        ArrayNode errors = MAPPER.createArrayNode();
        int storedNow = 0;
        for (JsonNode memory : memories) {
            JsonNode memoryId = memory.get("memory_id");
            String key = memoryId != null && memoryId.isTextual() ? memoryId.asText() : null;
            String error = problem(memory, key);
            if (error == null && stored.putIfAbsent(key, keepIdsOnly ? NullNode.getInstance() : memory) != null) {
                duplicatesRefused.incrementAndGet();
                error = "Constraint Error: Duplicate key \"conversation_id: " + key
                        + "\" violates primary key constraint.";
            }
            if (error == null) {
                storedNow++;
            } else {
                ObjectNode e = errors.addObject();
                if (key == null) {
                    e.putNull("memory_id");
                } else {
                    e.put("memory_id", key);
                }
                e.put("error", error);
            }
        }
        int total = memories.size();
        int failed = total - storedNow;
        ObjectNode outcome = MAPPER.createObjectNode();
        outcome.put("status", failed == 0 ? "completed" : storedNow == 0 ? "failed" : "partial");
        outcome.put("total", total);
        outcome.put("stored", storedNow);
        outcome.put("failed", failed);
        outcome.set("errors", errors);
        Runnable callback = onBatch;
        if (callback != null) {
            callback.run();
        }
        Duration delay = batchDelay;
        if (!delay.isZero() && !delay.isNegative()) {
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
        }
        ObjectNode result = MAPPER.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", MAPPER.writeValueAsString(outcome));
        result.set("structuredContent", outcome);
        result.put("isError", false);
        batchCalls.incrementAndGet();
        sendEvent(exchange, id, result, null, session);
    }

    /** Why a memory is refused before it reaches the store; {@code null}: it may be stored. */
    private String problem(JsonNode memory, String key) {
        if (key == null) {
            return "memory_id is required";
        }
        JsonNode text = memory.get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            return "text must not be empty";
        }
        JsonNode embedding = memory.get("embedding");
        if (embedding == null || !embedding.isArray() || embedding.size() != EMBEDDING_DIMENSIONS) {
            return "embedding must be a list of " + EMBEDDING_DIMENSIONS + " floats";
        }
        for (JsonNode value : embedding) {
            if (!value.isNumber()) {
                return "embedding must be a list of " + EMBEDDING_DIMENSIONS + " floats";
            }
        }
        JsonNode metadata = memory.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            return "metadata must be an object";
        }
        if (stored.containsKey(key)) {
            return null; // the duplicate error is answered by the caller
        }
        return refusals.get(key);
    }

    private static ObjectNode toolList() {
        ObjectNode result = MAPPER.createObjectNode();
        ObjectNode tool = result.putArray("tools").addObject();
        tool.put("name", TOOL);
        tool.put("description", "Store a batch of memories with their embeddings");
        ObjectNode schema = tool.putObject("inputSchema");
        schema.put("type", "object");
        schema.putObject("properties").putObject("memories").put("type", "array");
        schema.putArray("required").add("memories");
        return result;
    }

    private static ObjectNode toolError(String text) {
        ObjectNode result = MAPPER.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", true);
        return result;
    }

    private static ObjectNode rpcError(int code, String message) {
        ObjectNode error = MAPPER.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        return error;
    }

    /** A JSON-RPC error answered as plain JSON with an HTTP error status, as the transport does. */
    private static void sendError(HttpExchange exchange, int status, int code, String message, String session)
            throws IOException {
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("jsonrpc", "2.0");
        answer.put("id", "server-error");
        answer.set("error", rpcError(code, message));
        send(exchange, status, "application/json", MAPPER.writeValueAsString(answer), session);
    }

    /** A JSON-RPC answer (result or error) as one server-sent event, status 200. */
    private static void sendEvent(HttpExchange exchange, JsonNode id, JsonNode result, JsonNode error,
            String session) throws IOException {
        ObjectNode answer = MAPPER.createObjectNode();
        answer.put("jsonrpc", "2.0");
        answer.set("id", id);
        if (error != null) {
            answer.set("error", error);
        } else {
            answer.set("result", result);
        }
        send(exchange, 200, "text/event-stream",
                "event: message\r\ndata: " + MAPPER.writeValueAsString(answer) + "\r\n\r\n", session);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body, String session)
            throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        if (session != null) {
            exchange.getResponseHeaders().set("mcp-session-id", session);
        }
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

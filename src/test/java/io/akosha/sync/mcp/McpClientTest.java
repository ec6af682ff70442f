package io.akosha.sync.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.akosha.sync.fallback.IngestFailedException;
import io.akosha.sync.fallback.IngestRejectedException;
import io.akosha.sync.fallback.StreamingHttp;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The MCP client against a plain server on a real socket that answers as the test says: JSON instead of event
 * streams, a batch of messages, and each kind of failure, mapped to retried or final.
 */
class McpClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] ARGS = "{\"memories\":[]}".getBytes(StandardCharsets.UTF_8);

    private final Vertx vertx = Vertx.vertx();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private StreamingHttp http;

    @AfterEach
    void close() {
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.stop(0);
        }
        vertx.close();
    }

    /** {@code toolCall} answers the tools/call request (status, content type, body); the rest is a plain handshake. */
    private McpClient client(Function<JsonNode, Answer> toolCall) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/mcp", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            JsonNode request = JSON.readTree(body);
            String method = request.path("method").asText();
            if (method.equals("initialize")) {
                exchange.getResponseHeaders().add("mcp-session-id", "s-1");
                answer(exchange, new Answer(200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":"
                        + request.get("id") + ",\"result\":{\"protocolVersion\":\"2025-03-26\"}}"));
            } else if (method.startsWith("notifications/")) {
                answer(exchange, new Answer(202, "application/json", ""));
            } else {
                answer(exchange, toolCall.apply(request));
            }
        });
        server.start();
        http = new StreamingHttp(vertx, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp"),
                Duration.ofSeconds(2), Duration.ofSeconds(5));
        return new McpClient(http, JSON, "t0ken", "test");
    }

    private record Answer(int status, String contentType, String body) {
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Answer result(JsonNode request, String structured) {
        return new Answer(200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id")
                + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"structuredContent\":" + structured
                + ",\"isError\":false}}");
    }

    @Test
    void aJsonAnswerAndTheNegotiatedVersionAreUsed() throws Exception {
        McpClient client = client(r -> result(r, "{\"status\":\"completed\",\"stored\":0}"));
        JsonNode result = client.callTool("batch_store_memories", ARGS);
        assertEquals("completed", result.get("status").asText());
        JsonNode call = JSON.readTree(bodies.get(2));
        assertEquals("tools/call", call.get("method").asText());
        assertEquals("batch_store_memories", call.at("/params/name").asText());
        assertEquals("{\"memories\":[]}", call.at("/params/arguments").toString());
    }

    @Test
    void theResultAsTextContentWhenThereIsNoStructuredContent() throws Exception {
        McpClient client = client(r -> new Answer(200, "application/json", "[{\"jsonrpc\":\"2.0\",\"method\":"
                + "\"notifications/message\"},{\"jsonrpc\":\"2.0\",\"id\":" + r.get("id") + ",\"result\":{\"content\":"
                + "[{\"type\":\"text\",\"text\":\"{\\\"stored\\\":3}\"}]}}]"));
        assertEquals(3, client.callTool("batch_store_memories", ARGS).get("stored").asInt());
    }

    @Test
    void anEventStreamWithANotificationFirst() throws Exception {
        McpClient client = client(r -> new Answer(200, "text/event-stream", "event: message\ndata: {\"jsonrpc\":"
                + "\"2.0\",\"method\":\"notifications/progress\"}\n\nevent: message\ndata: {\"jsonrpc\":\"2.0\","
                + "\"id\":" + r.get("id") + ",\n"
                + "data: \"result\":{\"structuredContent\":{\"stored\":7}}}\n\n"));
        assertEquals(7, client.callTool("batch_store_memories", ARGS).get("stored").asInt());
    }

    @Test
    void aToolErrorIsFinalWithAkoshasMessage() throws Exception {
        McpClient client = client(r -> new Answer(200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":"
                + r.get("id") + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"At most 1000 memories per "
                + "batch\"}],\"isError\":true}}"));
        McpToolException e = assertThrows(McpToolException.class, () -> client.callTool("batch_store_memories", ARGS));
        assertEquals("Akosha's tool batch_store_memories failed: At most 1000 memories per batch", e.getMessage());
    }

    @Test
    void aJsonRpcErrorIsFinal() throws Exception {
        McpClient client = client(r -> new Answer(200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":"
                + r.get("id") + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}"));
        McpToolException e = assertThrows(McpToolException.class, () -> client.callTool("batch_store_memories", ARGS));
        assertEquals("Akosha's MCP server answered JSON-RPC error -32601: Method not found", e.getMessage());
    }

    @Test
    void statusesAreRetriedOrFinal() throws Exception {
        int[] status = {503};
        McpClient client = client(r -> new Answer(status[0], "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":\"server-error\",\"error\":{\"code\":-32600,\"message\":\"busy\"}}"));
        IOException busy = assertThrows(IOException.class, () -> client.callTool("batch_store_memories", ARGS));
        assertInstanceOf(IngestFailedException.class, busy);
        assertEquals("Akosha's MCP server answered HTTP 503 (busy)", busy.getMessage());
        for (int s : new int[] {429, 408, 500}) {
            status[0] = s;
            assertInstanceOf(IngestFailedException.class, assertThrows(IOException.class,
                    () -> client.callTool("batch_store_memories", ARGS)), "HTTP " + s);
        }
        status[0] = 413;
        IOException tooLarge = assertThrows(IOException.class, () -> client.callTool("batch_store_memories", ARGS));
        assertInstanceOf(IngestRejectedException.class, tooLarge);
        assertTrue(tooLarge.getMessage().contains("lower akosha.fallback.mcp.batch-bytes"), tooLarge.getMessage());
        status[0] = 406;
        assertInstanceOf(IngestRejectedException.class, assertThrows(IOException.class,
                () -> client.callTool("batch_store_memories", ARGS)));
        status[0] = 403;
        IOException denied = assertThrows(IOException.class, () -> client.callTool("batch_store_memories", ARGS));
        assertInstanceOf(IngestRejectedException.class, denied);
        assertFalse(denied.getMessage().contains("t0ken"));
    }

    @Test
    void anUnreachableServerIsRetried() throws Exception {
        McpClient client = client(r -> result(r, "{}"));
        int port = server.getAddress().getPort();
        server.stop(0);
        server = null;
        IOException e = assertThrows(IOException.class, () -> client.callTool("batch_store_memories", ARGS));
        assertInstanceOf(IngestFailedException.class, e, "port " + port + ": " + e);
    }
}

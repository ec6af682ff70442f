package io.akosha.sync.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in MCP server answers as Akosha's FastMCP server does. */
class AkoshaMcpServerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOKEN = "s3cret";
    private static final String ACCEPT = "application/json, text/event-stream";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private AkoshaMcpServer server;

    @BeforeEach
    void start() throws Exception {
        server = new AkoshaMcpServer(TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void refusesWithoutBothAcceptTypes() throws Exception {
        HttpResponse<String> r = post(initialize(), null, "application/json", "application/json", TOKEN);
        assertEquals(406, r.statusCode());
        assertEquals(405, client.send(HttpRequest.newBuilder(URI.create(server.url())).GET()
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode());
    }

    @Test
    void initializeAnswersAnEventWithASession() throws Exception {
        HttpResponse<String> r = post(initialize(), null);
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""));
        String session = r.headers().firstValue("mcp-session-id").orElse("");
        assertTrue(session.matches("[0-9a-f]{32}"), session);
        assertTrue(r.body().startsWith("event: message\r\ndata: "), r.body());
        assertTrue(r.body().endsWith("}\r\n\r\n"), r.body());
        JsonNode answer = data(r);
        assertEquals(7, answer.get("id").asInt());
        assertEquals("2025-06-18", answer.at("/result/protocolVersion").asText());
        assertFalse(answer.at("/result/capabilities/tools/listChanged").asBoolean(true));
        assertEquals("akosha-test", answer.at("/result/serverInfo/name").asText());
    }

    @Test
    void sessionIsRequiredAndNotificationsAreAccepted() throws Exception {
        HttpResponse<String> missing = post(call(1, "tools/list", MAPPER.createObjectNode()), null);
        assertEquals(400, missing.statusCode());
        JsonNode error = MAPPER.readTree(missing.body());
        assertEquals("server-error", error.get("id").asText());
        assertEquals(-32600, error.at("/error/code").asInt());
        assertEquals("Bad Request: Missing session ID", error.at("/error/message").asText());

        String session = session();
        HttpResponse<String> note = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session);
        assertEquals(202, note.statusCode());
        assertEquals("", note.body());
        assertEquals(session, server.lastHeaders().get("MCP-SESSION-ID"));

        HttpResponse<String> unknown = post(call(2, "resources/list", MAPPER.createObjectNode()), session);
        assertEquals(200, unknown.statusCode());
        assertEquals(-32601, data(unknown).at("/error/code").asInt());

        server.expireSessions();
        HttpResponse<String> expired = post(call(3, "tools/list", MAPPER.createObjectNode()), session);
        assertEquals(404, expired.statusCode());
        assertEquals("Session not found", MAPPER.readTree(expired.body()).at("/error/message").asText());
    }

    @Test
    void storesABatchAndRefusesDuplicatesAndBadMemories() throws Exception {
        String session = session();
        HttpResponse<String> first = post(batch(10, memory("m1"), memory("m2"), memory("m3")), session);
        assertEquals(200, first.statusCode());
        assertEquals("text/event-stream", first.headers().firstValue("Content-Type").orElse(""));
        JsonNode result = data(first).get("result");
        assertFalse(result.get("isError").asBoolean());
        JsonNode outcome = result.get("structuredContent");
        assertEquals("completed", outcome.get("status").asText());
        assertEquals(3, outcome.get("total").asInt());
        assertEquals(3, outcome.get("stored").asInt());
        assertEquals(0, outcome.get("failed").asInt());
        assertEquals(outcome, MAPPER.readTree(result.at("/content/0/text").asText()));
        assertEquals(3, server.storedCount());
        assertEquals("text of m2", server.stored().get("m2").get("text").asText());

        HttpResponse<String> again = post(batch(11, memory("m3"), memory("m4")), session);
        JsonNode partial = data(again).at("/result/structuredContent");
        assertEquals("partial", partial.get("status").asText());
        assertEquals(1, partial.get("stored").asInt());
        assertEquals(1, partial.get("failed").asInt());
        assertEquals("m3", partial.at("/errors/0/memory_id").asText());
        assertEquals("Constraint Error: Duplicate key \"conversation_id: m3\" violates primary key constraint.",
                partial.at("/errors/0/error").asText());
        assertEquals(1, server.duplicatesRefused());
        assertEquals(2, server.received("m3"));

        ObjectNode noEmbedding = memory("m5");
        noEmbedding.remove("embedding");
        server.refuse("m6", "disk full");
        JsonNode failed = data(post(batch(12, noEmbedding, memory("m6")), session)).at("/result/structuredContent");
        assertEquals("failed", failed.get("status").asText());
        assertEquals("embedding must be a list of 384 floats", failed.at("/errors/0/error").asText());
        assertEquals("disk full", failed.at("/errors/1/error").asText());
        assertEquals(4, server.storedCount());
        assertEquals(3, server.batchCalls());
        assertEquals(3, server.maxBatchSize());
        assertEquals("Bearer " + TOKEN, server.lastHeaders().get("authorization"));

        JsonNode unknownTool = data(post(call(13, "tools/call",
                MAPPER.createObjectNode().put("name", "x").set("arguments", MAPPER.createObjectNode())), session));
        assertTrue(unknownTool.at("/result/isError").asBoolean());
        assertEquals("Unknown tool: x", unknownTool.at("/result/content/0/text").asText());
    }

    @Test
    void checksTheTokenAndInjectsFaults() throws Exception {
        String session = session();
        HttpResponse<String> wrong = post(batch(20, memory("a")), session, ACCEPT, "application/json", "nope");
        assertEquals(401, wrong.statusCode());
        assertEquals("{\"error\":\"unauthorized\"}", wrong.body());
        server.requireToken(false);
        assertEquals(200, post(batch(21, memory("b")), session, ACCEPT, "application/json", "nope").statusCode());
        server.requireToken(true);

        server.failNextBatches(1, 503);
        assertEquals(503, post(batch(22, memory("c")), session).statusCode());
        assertEquals(1, server.storedCount());
        assertEquals(200, post(batch(23, memory("c")), session).statusCode());
        assertEquals(2, server.storedCount());
        assertEquals(2, server.received("c"));
        assertEquals(2, server.batchCalls());

        int[] seen = new int[1];
        server.onBatch(() -> seen[0] = server.storedCount());
        server.delayEachBatch(Duration.ofMillis(50));
        assertEquals(200, post(batch(24, memory("d")), session).statusCode());
        assertEquals(3, seen[0]);

        server.reset();
        assertEquals(0, server.storedCount());
        assertEquals(0, server.requests());
    }

    @Test
    void refusesABodyAboveFourMebibytes() throws Exception {
        String session = session();
        char[] padding = new char[4 * 1024 * 1024];
        Arrays.fill(padding, ' ');
        String body = batch(30, memory("big")) + new String(padding);
        HttpResponse<String> r = post(body, session);
        assertEquals(413, r.statusCode());
        assertEquals(0, server.storedCount());
        assertEquals(4 * 1024 * 1024 + 1, server.maxBodyBytes());
    }

    private String session() throws Exception {
        HttpResponse<String> r = post(initialize(), null);
        assertEquals(200, r.statusCode());
        String session = r.headers().firstValue("mcp-session-id").orElse(null);
        assertNotNull(session);
        return session;
    }

    private HttpResponse<String> post(String body, String session) throws Exception {
        return post(body, session, ACCEPT, "application/json", TOKEN);
    }

    private HttpResponse<String> post(String body, String session, String accept, String contentType, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url()))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", accept)
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("mcp-session-id", session).header("MCP-Protocol-Version", "2025-06-18");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode data(HttpResponse<String> r) throws Exception {
        String body = r.body();
        int start = body.indexOf("data: ") + "data: ".length();
        return MAPPER.readTree(body.substring(start, body.indexOf("\r\n", start)));
    }

    private static String initialize() throws Exception {
        ObjectNode params = MAPPER.createObjectNode().put("protocolVersion", "2025-06-18");
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "test").put("version", "1");
        return call(7, "initialize", params);
    }

    private static String batch(int id, ObjectNode... memories) throws Exception {
        ObjectNode params = MAPPER.createObjectNode().put("name", "batch_store_memories");
        ArrayNode list = params.putObject("arguments").putArray("memories");
        Arrays.stream(memories).forEach(list::add);
        return call(id, "tools/call", params);
    }

    private static String call(int id, String method, JsonNode params) throws Exception {
        return MAPPER.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
    }

    private static ObjectNode memory(String id) {
        ObjectNode memory = MAPPER.createObjectNode().put("memory_id", id).put("text", "text of " + id);
        ArrayNode embedding = memory.putArray("embedding");
        for (int i = 0; i < 384; i++) {
            embedding.add(i / 384.0f);
        }
        memory.putObject("metadata").put("source", "test");
        return memory;
    }
}

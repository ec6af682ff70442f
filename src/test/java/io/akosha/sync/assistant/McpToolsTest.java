package io.akosha.sync.assistant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.ingest.Ids;
import io.akosha.sync.support.AuditLog;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.LocalDirResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The MCP tools end to end over a real socket, with raw JSON-RPC over streamable HTTP: the token guard, then
 * {@code sync_now} delivers a real DuckDB file to the local destination, {@code sync_status} follows it, and
 * {@code list_uploads}, {@code verify_upload} and {@code restore_upload} find, check and restore it (never over an
 * existing file without {@code force}).
 */
@QuarkusTest
@TestProfile(McpToolsTest.Protected.class)
@QuarkusTestResource(value = LocalDirResource.class, restrictToAnnotatedClass = true)
class McpToolsTest {

    static final String TOKEN = "mcp-token-51c0d7e2a9";
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    /** The API's token, which /mcp takes too. */
    public static class Protected implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("akosha.api.token", TOKEN);
        }
    }

    @TestHTTPResource("/mcp")
    URI mcp;

    @ConfigProperty(name = "akosha.data-dir")
    Path dataDir;

    @Test
    void withoutTheTokenTheAnswerIs401ProblemJson() throws Exception {
        unauthorized(new McpSession(mcp, null), "Bearer realm=\"akosha-sync\"");
        unauthorized(new McpSession(mcp, "Bearer not-the-token"), "Bearer realm=\"akosha-sync\", error=\"invalid_token\"");
        unauthorized(new McpSession(mcp, "Basic " + TOKEN), "Bearer realm=\"akosha-sync\", error=\"invalid_token\"");
        unauthorized(new McpSession(URI.create(mcp + "/sse"), null), "Bearer realm=\"akosha-sync\"");

        McpSession rebound = new McpSession(mcp, "Bearer " + TOKEN);
        for (String origin : List.of("http://evil.example:8750", "null", "http://127.0.0.1.evil.example")) {
            HttpResponse<String> refused = rebound.post(McpSession.JSON.readTree(INITIALIZE), Map.of("Origin", origin));
            assertEquals(403, refused.statusCode(), origin + ": " + refused.body());
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        }
        assertEquals(200, rebound.post(McpSession.JSON.readTree(INITIALIZE), Map.of("Origin", "http://localhost:6274"))
                .statusCode());

        McpSession session = new McpSession(mcp, "Bearer " + TOKEN);
        JsonNode init = session.initialize();
        assertEquals("akosha-sync", init.path("serverInfo").path("name").asText(), init.toString());
        assertTrue(init.path("capabilities").has("tools"), init.toString());
        List<JsonNode> auth = AuditLog.events().stream().filter(e -> e.get("event").asText().equals("mcp.auth")).toList();
        assertTrue(auth.stream().anyMatch(e -> e.path("reason").asText().equals("wrong bearer token")), auth.toString());
        assertTrue(auth.stream().anyMatch(e -> e.path("outcome").asText().equals("success")), auth.toString());
        assertFalse(auth.toString().contains(TOKEN), "the token is never audited");
    }

    @Test
    void syncNowDeliversAndTheUploadToolsFindVerifyAndRestoreIt() throws Exception {
        McpSession session = new McpSession(mcp, "Bearer " + TOKEN);
        session.initialize();
        Set<String> names = new TreeSet<>();
        JsonNode tools = session.call("tools/list", McpSession.JSON.createObjectNode()).get("tools");
        tools.forEach(t -> names.add(t.get("name").asText()));
        assertEquals(Set.of("list_uploads", "restore_upload", "sync_now", "sync_status", "verify_upload"), names);
        JsonNode syncNow = null;
        for (JsonNode t : tools) {
            syncNow = t.get("name").asText().equals("sync_now") ? t : syncNow;
        }
        assertEquals("string", syncNow.path("inputSchema").path("properties").path("session_id").path("type").asText(),
                syncNow.toString());
        assertEquals("[\"session_id\"]", syncNow.path("inputSchema").path("required").toString(), syncNow.toString());

        JsonNode bad = session.tool("sync_now", "{\"session_id\":\"../etc\"}");
        assertError(bad, Ids.sessionIdProblem("../etc"));
        assertError(session.tool("sync_now", "{\"session_id\":\"mcp-1\",\"files\":[\"missing.duckdb\"]}"), null);

        Path reflection = dataDir.resolve("reflection.duckdb");
        DuckDb.create(reflection, 2_000);
        JsonNode accepted = structured(session.tool("sync_now",
                "{\"session_id\":\"mcp-1\",\"files\":[\"reflection.duckdb\"],\"reason\":\"exit\"}"));
        String syncId = accepted.get("sync_id").asText();
        String uploadId = accepted.get("upload_id").asText();
        assertEquals("queued", accepted.get("status").asText(), accepted.toString());
        assertFalse(accepted.get("repeat").asBoolean());

        JsonNode sync = awaitDelivered(session, syncId);
        assertEquals("local", sync.get("delivered_via").asText(), sync.toString());
        assertEquals("exit", sync.path("session_end").path("reason").asText(), sync.toString());

        JsonNode again = structured(session.tool("sync_now", "{\"session_id\":\"mcp-1\",\"files\":[\"reflection.duckdb\"]}"));
        assertTrue(again.get("repeat").asBoolean(), again.toString());
        assertEquals(syncId, again.get("repeat_of").asText());

        JsonNode overview = structured(session.tool("sync_status", "{}"));
        assertEquals(0, overview.path("summary").path("pending").asInt(), overview.toString());
        assertFalse(overview.path("summary").path("last_delivered_at").isNull(), overview.toString());
        assertEquals(syncId, overview.path("syncs").get(0).path("sync_id").asText(), overview.toString());
        assertError(session.tool("sync_status", "{\"sync_id\":\"nope\"}"), "no sync with id 'nope'");

        JsonNode uploads = structured(session.tool("list_uploads", "{}")).get("uploads");
        JsonNode listed = uploads.get(0);
        assertEquals(uploadId, listed.get("upload_id").asText(), uploads.toString());
        assertTrue(listed.get("complete").asBoolean());
        assertEquals("reflection.duckdb", listed.path("files").get(0).path("name").asText());
        assertEquals(Files.size(reflection), listed.path("files").get(0).path("size").asLong());
        assertEquals(0, structured(session.tool("list_uploads", "{\"system_id\":\"other-host\"}")).get("uploads").size());
        assertError(session.tool("list_uploads", "{\"system_id\":\"../x\"}"), null);

        assertTrue(structured(session.tool("verify_upload", "{\"latest\":true}")).get("intact").asBoolean());
        JsonNode verified = structured(session.tool("verify_upload", "{\"upload_id\":\"" + uploadId + "\"}"));
        assertTrue(verified.get("intact").asBoolean(), verified.toString());
        assertError(session.tool("verify_upload", "{}"), "give either upload_id or latest: true");
        assertError(session.tool("verify_upload", "{\"upload_id\":\"nope\"}"), "no upload with id 'nope'");

        assertError(session.tool("restore_upload", "{\"latest\":true,\"target_dir\":\"relative/dir\"}"),
                "target_dir must be an absolute path");
        assertError(session.tool("restore_upload", "{\"latest\":true}"), null); // target_dir is required
        Path target = Files.createTempDirectory("mcp-restore").resolve("restored");
        JsonNode restored = structured(session.tool("restore_upload",
                "{\"upload_id\":\"" + uploadId + "\",\"target_dir\":\"" + target + "\"}"));
        assertEquals("reflection.duckdb", restored.path("restored").get(0).asText(), restored.toString());
        assertArrayEquals(Files.readAllBytes(reflection), Files.readAllBytes(target.resolve("reflection.duckdb")));

        Files.writeString(target.resolve("reflection.duckdb"), "changed by hand");
        JsonNode refused = session.tool("restore_upload", "{\"latest\":true,\"target_dir\":\"" + target + "\"}");
        assertError(refused, "not restored: " + target + " already holds reflection.duckdb; nothing was written "
                + "(force: true overwrites)");
        assertEquals("changed by hand", Files.readString(target.resolve("reflection.duckdb"), StandardCharsets.UTF_8));
        JsonNode forced = structured(session.tool("restore_upload",
                "{\"latest\":true,\"force\":true,\"target_dir\":\"" + target + "\"}"));
        assertTrue(forced.get("intact").asBoolean(), forced.toString());
        assertArrayEquals(Files.readAllBytes(reflection), Files.readAllBytes(target.resolve("reflection.duckdb")));
    }

    private static JsonNode awaitDelivered(McpSession session, String syncId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode sync;
        do {
            sync = structured(session.tool("sync_status", "{\"sync_id\":\"" + syncId + "\"}"));
            if (sync.get("status").asText().equals("delivered")) {
                return sync;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not delivered: " + sync);
    }

    /** The structured content of a successful call, after checking it has a one-line text summary. */
    private static JsonNode structured(JsonNode result) {
        assertFalse(result.path("isError").asBoolean(), result.toString());
        assertFalse(text(result).isBlank(), result.toString());
        assertNotNull(result.get("structuredContent"), result.toString());
        assertTrue(result.get("structuredContent").isObject(), result.toString());
        return result.get("structuredContent");
    }

    /** A tool error: isError, one line of text (equal to {@code message} when given), no stack trace. */
    private static void assertError(JsonNode result, String message) {
        assertTrue(result.path("isError").asBoolean(), result.toString());
        String text = text(result);
        assertFalse(text.isBlank() || text.contains("\n") || text.contains("\tat ") || text.contains("Exception"),
                result.toString());
        if (message != null) {
            assertEquals(message, text);
        }
    }

    private static String text(JsonNode result) {
        return result.path("content").get(0).path("text").asText();
    }

    private static void unauthorized(McpSession session, String challenge) throws Exception {
        HttpResponse<String> answer = session.post(McpSession.JSON.readTree(INITIALIZE), Map.of());
        assertEquals(401, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(challenge, answer.headers().firstValue("WWW-Authenticate").orElse(null));
        JsonNode problem = McpSession.JSON.readTree(answer.body());
        assertEquals(401, problem.get("status").asInt());
        assertEquals("Authentication required", problem.get("detail").asText());
        assertFalse(answer.body().contains(TOKEN));
    }
}

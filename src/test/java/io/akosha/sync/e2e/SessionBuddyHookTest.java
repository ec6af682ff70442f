package io.akosha.sync.e2e;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.LocalDirResource;
import io.akosha.sync.support.SessionBuddyDb;
import io.akosha.sync.support.UploadVerifier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy/session-buddy/akosha_sync_hook.py run by a real {@code python3} against this sidecar (local-directory
 * destination, bearer token required): a session-buddy session id is accepted and its DuckDB files (one with a
 * live .wal) are delivered; so is a session end that goes through session-buddy's hook registry (a stand-in with
 * its interface, src/test/python/session-buddy/stub); a refusal returns the sidecar's own detail, a wrong token
 * "Authentication required", no sidecar "not running" and a sidecar that never answers "timeout", each within the
 * timeout, with one log line and no exception.
 */
@QuarkusTest
@TestProfile(SessionBuddyHookTest.WithToken.class)
@QuarkusTestResource(value = LocalDirResource.class, restrictToAnnotatedClass = true)
class SessionBuddyHookTest {

    static final String TOKEN = "sbuddy-hook-token-3c81f0a2d9";
    /** session-buddy's id: the project directory's name and the time it ended. */
    static final String SESSION_ID = "my.project-20261201-185000";

    static final Path DRIVER = Path.of("src/test/python/session-buddy/driver.py").toAbsolutePath();
    static final Path MODULE_DIR = Path.of("deploy/session-buddy").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("akosha.api.token", TOKEN);
        }
    }

    @ConfigProperty(name = "akosha.data-dir")
    Path dataDir;

    @ConfigProperty(name = "akosha.local.dir")
    Path store;

    @TestHTTPResource("/")
    URL sidecar;

    Path tokenFile;

    @BeforeEach
    void token() throws IOException {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", "Bearer " + TOKEN).build();
        tokenFile = Files.createTempFile("akosha-token", ".txt");
        Files.writeString(tokenFile, TOKEN + "\n");
        try (Stream<Path> files = Files.list(dataDir)) { // each test its own session-buddy data
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    @AfterEach
    void noToken() throws IOException {
        RestAssured.requestSpecification = null;
        Files.deleteIfExists(tokenFile);
    }

    @Test
    void aSessionBuddySessionEndIsAcceptedAndItsDuckDbFilesDelivered() throws Exception {
        Path reflection = dataDir.resolve("reflection.duckdb");
        SessionBuddyDb.createV2(reflection, 300, 100);
        try (Connection live = SessionBuddyDb.addV2InWal(reflection, 300, 50, 100, 20);
                Connection graph = DuckDb.withLiveWal(dataDir.resolve("knowledge_graph.duckdb"), 2_000)) {
            assertTrue(Files.exists(dataDir.resolve("reflection.duckdb.wal")), "session-buddy's live .wal");

            Run run = python(Map.of("mode", "direct", "session_id", SESSION_ID, "url", url()), tokenFromFile());
            JsonNode notice = run.notice();
            assertTrue(notice.get("accepted").asBoolean(), () -> "accepted: " + run);
            assertEquals(202, notice.get("http_status").asInt());
            assertEquals(SESSION_ID, notice.get("session_id").asText());
            assertFalse(run.stderr.contains(TOKEN), "the token is never logged");

            JsonNode sync = awaitDelivered(notice.get("sync_id").asText(), Duration.ofSeconds(60));
            assertEquals(SESSION_ID, sync.get("session_id").asText());
            assertEquals(notice.get("upload_id").asText(), sync.get("upload_id").asText());
            assertEquals("local", sync.get("delivered_via").asText());

            Path restore = Files.createTempDirectory("restore-sbuddy");
            JsonNode manifest = UploadVerifier.verify(UploadVerifier.directory(store), sync, restore);
            List<String> names = manifest.get("metadata").get("files").findValuesAsText("name");
            assertTrue(names.containsAll(List.of("reflection.duckdb", "reflection.duckdb.wal",
                    "knowledge_graph.duckdb", "knowledge_graph.duckdb.wal")), () -> "with their .wal: " + names);
            assertEquals(2, manifest.get("conversation_count").asInt(), "the hook's conversation_count");
            assertEquals(350, DuckDb.count(restore.resolve("reflection.duckdb"), "conversations_v2"),
                    "the checkpointed rows and the ones still in the .wal");
            assertEquals(120, DuckDb.count(restore.resolve("reflection.duckdb"), "reflections_v2"));
            assertEquals(2_000, DuckDb.count(restore.resolve("knowledge_graph.duckdb"), "entities"));
        }
    }

    @Test
    void theSessionBuddyHookNotifiesAtSessionEnd() throws Exception {
        SessionBuddyDb.createV2(dataDir.resolve("reflection.duckdb"), 10, 5);
        String sessionId = "akosha-sync-20261201-190000";
        Run run = python(Map.of("mode", "hooks", "session_id", sessionId, "url", url()), tokenFromFile());
        JsonNode notice = run.notice();
        assertTrue(notice.get("accepted").asBoolean(), () -> "accepted through the hook registry: " + run);
        assertEquals(1, run.json.get("hook_results").size(), () -> "the SESSION_END hook ran: " + run);
        assertTrue(run.json.get("hook_results").get(0).get("success").asBoolean(), run::toString);
        JsonNode sync = awaitDelivered(notice.get("sync_id").asText(), Duration.ofSeconds(60));
        assertEquals(sessionId, sync.get("session_id").asText());
    }

    @Test
    void aRefusalReturnsTheSidecarsDetailWithoutAnException() throws Exception {
        String expected = given().contentType(ContentType.JSON).body("{}")
                .post("/v1/sessions/{id}/end", "a..b").then().statusCode(400).extract().path("detail");
        Run run = python(Map.of("mode", "direct", "session_id", "a..b", "url", url()), tokenFromFile());
        JsonNode notice = run.notice();
        assertFalse(notice.get("accepted").asBoolean());
        assertEquals(400, notice.get("http_status").asInt());
        assertEquals(expected, notice.get("reason").asText(), "the sidecar's problem detail");
        assertTrue(expected.contains("sessionId"), expected);
        run.assertOneLogLine(expected);

        Run missing = python(Map.of("mode", "direct", "session_id", "missing-file-1", "url", url(),
                "files", List.of("nothing-here.duckdb")), tokenFromFile());
        assertEquals(422, missing.notice().get("http_status").asInt());
        assertEquals("file 'nothing-here.duckdb' does not exist in " + dataDir,
                missing.notice().get("reason").asText());
    }

    @Test
    void aWrongTokenIsRefusedAndNotLogged() throws Exception {
        Run run = python(Map.of("mode", "direct", "session_id", "wrong-token-1", "url", url()),
                Map.of("AKOSHA_API_TOKEN", "not-the-token-77"));
        assertEquals(401, run.notice().get("http_status").asInt());
        assertEquals("Authentication required", run.notice().get("reason").asText());
        assertFalse(run.stdout.contains("not-the-token-77") || run.stderr.contains("not-the-token-77"),
                () -> "the token stays out of the result and the log: " + run);
        run.assertOneLogLine("Authentication required");
    }

    @Test
    void noSidecarIsNotRunningWithinTheTimeout() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Run run = python(Map.of("mode", "direct", "session_id", SESSION_ID, "url", "http://127.0.0.1:" + port,
                "timeout", 1.0), tokenFromFile());
        assertEquals("not running", run.notice().get("reason").asText(), run::toString);
        assertFalse(run.notice().get("accepted").asBoolean());
        assertTrue(run.elapsed() < 1.0, () -> "within the timeout: " + run);
        run.assertOneLogLine("not running");
    }

    @Test
    void aSidecarThatNeverAnswersIsATimeoutWithinTheTimeout() throws Exception {
        // the kernel accepts the connection (backlog), nobody reads or answers
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            Run run = python(Map.of("mode", "direct", "session_id", SESSION_ID,
                    "url", "http://127.0.0.1:" + silent.getLocalPort(), "timeout", 1.0), tokenFromFile());
            assertEquals("timeout", run.notice().get("reason").asText(), run::toString);
            assertTrue(run.elapsed() < 1.5, () -> "about the timeout: " + run);
            run.assertOneLogLine("timeout");
        }
    }

    private String url() {
        String base = sidecar.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private Map<String, String> tokenFromFile() {
        return Map.of("AKOSHA_API_TOKEN_FILE", tokenFile.toString());
    }

    /** One run of the driver: python3 importing the module, as session-buddy's process would. */
    private static Run python(Map<String, Object> args, Map<String, String> env) throws Exception {
        Map<String, Object> all = new HashMap<>(args);
        all.put("module_dir", MODULE_DIR.toString());
        ProcessBuilder builder = new ProcessBuilder("python3", DRIVER.toString(), JSON.writeValueAsString(all));
        builder.environment().keySet().removeIf(k -> k.startsWith("AKOSHA_"));
        builder.environment().putAll(env);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in deploy/ or src/
        Path stderr = Files.createTempFile("driver", ".err");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the driver did not finish");
        }
        String err = Files.readString(stderr);
        Files.delete(stderr);
        assertEquals(0, process.exitValue(), () -> "the module raised or the driver failed: " + stdout + "\n" + err);
        return new Run(stdout, err, JSON.readTree(stdout));
    }

    record Run(String stdout, String stderr, JsonNode json) {
        JsonNode notice() {
            return json.get("notice");
        }

        double elapsed() {
            return json.get("elapsed").asDouble();
        }

        void assertOneLogLine(String reason) {
            List<String> lines = stderr.lines().filter(l -> l.contains("akosha_sync_hook")).toList();
            assertEquals(1, lines.size(), () -> "one log line on failure: " + stderr);
            assertTrue(lines.get(0).startsWith("WARNING") && lines.get(0).contains(reason), lines::toString);
            assertFalse(stderr.contains(TOKEN), "the token is never logged");
        }

        @Override
        public String toString() {
            return stdout + "\n" + stderr;
        }
    }
}

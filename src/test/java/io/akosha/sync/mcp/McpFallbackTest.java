package io.akosha.sync.mcp;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.AkoshaMcpServer;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.McpFallbackResource;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
import io.akosha.sync.support.SessionBuddyDb;
import io.akosha.sync.support.SidecarApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The fallback into the Akosha that exists: the cloud path refused (a real proxy in front of S3Proxy), the sidecar
 * pushes the rows of the staged {@code reflection.duckdb} (session-buddy's schema, real DuckDB files) into a real
 * MCP server on a socket that follows Akosha's rules ({@link AkoshaMcpServer}).
 */
@QuarkusTest
@QuarkusTestResource(value = McpFallbackResource.class, restrictToAnnotatedClass = true)
class McpFallbackTest {

    @Inject
    MeterRegistry registry;

    @McpFallbackResource.Inject
    McpFallbackResource.Environment env;

    private AkoshaMcpServer akosha;
    private Path db;

    @BeforeEach
    void fresh() throws Exception {
        akosha = env.akosha();
        akosha.reset();
        db = env.dataDir().resolve("reflection.duckdb");
        Files.deleteIfExists(db);
        Files.deleteIfExists(db.resolveSibling("reflection.duckdb.wal"));
    }

    @AfterEach
    void heal() throws Exception {
        env.proxy().restore();
        akosha.token(McpFallbackResource.TOKEN);
    }

    @Test
    void cloudRefusedPushesEveryConversationAndReflectionOnceWithTheMappedFields() throws Exception {
        SessionBuddyDb.createV2(db, 200, 100);
        env.proxy().refuse();
        JsonNode sync;
        try (Connection live = SessionBuddyDb.addV2InWal(db, 200, 30, 100, 10)) { // still open: rows in the WAL
            sync = awaitDelivered(endSession("mcp-refused", "{\"files\":[\"reflection.duckdb\"]}"),
                    Duration.ofSeconds(60));
        }
        assertEquals("http", sync.get("method").asText());
        assertEquals("akosha-mcp", sync.get("delivered_via").asText());
        JsonNode memories = sync.get("memories");
        assertEquals(340, memories.get("pushed").asLong(), memories.toString());
        assertEquals(0, memories.get("already_stored").asLong());
        assertEquals(0, memories.get("refused").asLong());
        assertEquals(0, memories.get("skipped").asLong());
        assertEquals(340, akosha.storedCount());
        Stream.concat(IntStream.range(0, 230).mapToObj(i -> "conv-" + i), IntStream.range(0, 110)
                .mapToObj(i -> "refl-" + i)).forEach(id -> assertEquals(1, akosha.received(id), id + " sent once"));
        assertTrue(akosha.maxBatchSize() <= McpFallbackResource.BATCH, "batches of " + akosha.maxBatchSize());

        JsonNode fromWal = akosha.stored().get("conv-210"); // only in the WAL when the session ended
        assertEquals("conversation 210 about duckdb\n\nReasoning: because 210", fromWal.get("text").asText());
        assertEquals(384, fromWal.get("embedding").size());
        JsonNode meta = fromWal.get("metadata");
        assertEquals(McpFallbackResource.SYSTEM, meta.get("source").asText());
        assertEquals("conversation", meta.get("type").asText());
        assertEquals("akosha-sync-20261201-180000", meta.get("session_id").asText());
        assertEquals("2026-12-01T18:03:30", meta.get("created_at").asText());
        assertEquals("http_push", meta.get("ingestion_method").asText());
        assertEquals("reflection", akosha.stored().get("refl-105").get("metadata").get("type").asText());

        Map<String, String> headers = akosha.lastHeaders();
        assertEquals("Bearer " + McpFallbackResource.TOKEN, headers.get("Authorization"));
        assertTrue(headers.get("Accept").contains("text/event-stream"), headers.toString());
        assertFalse(headers.getOrDefault("mcp-session-id", "").isBlank(), "the session id is sent: " + headers);
        assertNoManifestInBucket(sync);
        assertTrue(registry.counter("akosha.sync.memories", "outcome", "pushed").count() >= 340);
    }

    @Test
    void aPartialAnswerIsReportedPerMemoryAndTheSyncIsDelivered() throws Exception {
        SessionBuddyDb.createV2(db, 50, 0);
        akosha.refuse("conv-7", "Constraint Error: embedding dimension mismatch");
        JsonNode sync = awaitDelivered(endSession("mcp-partial", http()), Duration.ofSeconds(60));
        JsonNode memories = sync.get("memories");
        assertEquals(49, memories.get("pushed").asLong(), memories.toString());
        assertEquals(1, memories.get("refused").asLong());
        JsonNode refusal = memories.get("refusals").get(0);
        assertEquals("conv-7", refusal.get("memory_id").asText());
        assertEquals("conversations_v2", refusal.get("table").asText());
        assertEquals("refused", refusal.get("outcome").asText());
        assertEquals("Constraint Error: embedding dimension mismatch", refusal.get("reason").asText());
        assertEquals(1, akosha.received("conv-7"), "a refused memory is not sent again");
    }

    @Test
    void memoriesAlreadyInAkoshaAreCountedAsAlreadyStored() throws Exception {
        SessionBuddyDb.createV2(db, 30, 5);
        awaitDelivered(endSession("mcp-first", http()), Duration.ofSeconds(60));
        JsonNode again = awaitDelivered(endSession("mcp-again", http()), Duration.ofSeconds(60));
        JsonNode memories = again.get("memories");
        assertEquals(0, memories.get("pushed").asLong(), memories.toString());
        assertEquals(35, memories.get("already_stored").asLong());
        assertEquals(0, memories.get("refused").asLong());
        assertEquals(35, akosha.storedCount());
    }

    @Test
    void aStoreThatFailsTwiceGetsTheSameBatchAgainAndNothingTwice() throws Exception {
        SessionBuddyDb.createV2(db, 100, 0);
        akosha.failNextBatches(2, 503);
        JsonNode sync = awaitDelivered(endSession("mcp-503", http()), Duration.ofSeconds(60));
        assertEquals(100, sync.get("memories").get("pushed").asLong(), sync.toString());
        assertEquals(100, akosha.storedCount());
        assertEquals(0, akosha.duplicatesRefused(), "nothing Akosha had was sent again");
        assertEquals(3, akosha.received("conv-0"), "the first batch went three times: two 503s, then stored");
        assertTrue(sync.get("attempts").asInt() >= 3, "each retry counts as an attempt: " + sync);
    }

    @Test
    void aSessionTheServerForgotIsOpenedAgain() throws Exception {
        SessionBuddyDb.createV2(db, 100, 0);
        AtomicBoolean once = new AtomicBoolean();
        akosha.onBatch(() -> {
            if (once.compareAndSet(false, true)) {
                akosha.expireSessions();
            }
        });
        JsonNode sync = awaitDelivered(endSession("mcp-expired", http()), Duration.ofSeconds(60));
        assertEquals(100, sync.get("memories").get("pushed").asLong(), sync.toString());
        assertEquals(0, akosha.duplicatesRefused());
    }

    @Test
    void aRefusedTokenParksTheSyncWithoutRetriesOrTheToken() throws Exception {
        SessionBuddyDb.createV2(db, 10, 0);
        akosha.token("another-token");
        String syncId = endSession("mcp-401", http());
        JsonNode sync = SidecarApi.awaitStatus(syncId, "parked");
        assertEquals("HTTP fallback failed: Akosha's MCP server refused the token: HTTP 401 (check"
                + " akosha.fallback.token and its audience)", sync.get("error").asText());
        assertFalse(sync.toString().contains(McpFallbackResource.TOKEN));
        assertEquals(1, akosha.requests(), "a 401 is not retried");
        assertEquals(0, akosha.storedCount());
    }

    @Test
    void aDatabaseWithoutTheExpectedTablesIsReportedNotCrashedOn() throws Exception {
        DuckDb.create(db, 12); // a "reflections" table without embeddings, no conversations table
        JsonNode sync = awaitDelivered(endSession("mcp-tables", http()), Duration.ofSeconds(60));
        JsonNode memories = sync.get("memories");
        assertEquals(0, memories.get("pushed").asLong(), memories.toString());
        assertEquals(12, memories.get("skipped").asLong());
        assertEquals("no embedding of 384 finite floats", memories.get("refusals").get(0).get("reason").asText());
        assertEquals("reflection.duckdb has no conversation table (looked for conversations_v2, conversations)",
                memories.get("notes").get(0).asText());
        assertEquals(0, akosha.batchCalls(), "nothing worth sending");
    }

    @Test
    void aFileThatIsNoDatabaseParksTheSyncSayingSo() throws Exception {
        Files.write(db, "not a duckdb file".repeat(1000).getBytes());
        String syncId = endSession("mcp-garbage", http());
        JsonNode sync = SidecarApi.awaitStatus(syncId, "parked");
        assertTrue(sync.get("error").asText().startsWith(
                "HTTP fallback failed: reflection.duckdb cannot be read as a DuckDB database"), sync.toString());
    }

    private static String http() {
        return "{\"files\":[\"reflection.duckdb\"],\"method\":\"http\"}";
    }

    private void assertNoManifestInBucket(JsonNode sync) {
        String prefix = "systems/" + sync.get("system_id").asText() + "/" + sync.get("upload_id").asText() + "/";
        try (S3Client s3 = S3ProxyServer.client(env.directEndpoint())) {
            assertTrue(s3.listObjectsV2(b -> b.bucket(S3Resource.BUCKET).prefix(prefix)).contents().stream()
                    .noneMatch(o -> o.key().endsWith("manifest.json")), "no manifest in the bucket");
        }
    }
}

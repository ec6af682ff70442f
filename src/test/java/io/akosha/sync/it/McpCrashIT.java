package io.akosha.sync.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.AkoshaMcpServer;
import io.akosha.sync.support.SessionBuddyDb;
import io.akosha.sync.support.UploadVerifier;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the packaged sidecar in the middle of a push into Akosha's MCP ingestion (a real MCP server on a
 * socket, a real session-buddy database): the restarted sidecar goes on from the first batch Akosha had not
 * confirmed, and every memory is stored once. The batch Akosha stored just as the sidecar died is sent again and
 * answered "Duplicate key" (Akosha does not de-duplicate), which counts as already stored.
 */
class McpCrashIT {

    private static final int BATCH = 50;
    private static final int CONVERSATIONS = 1500;
    private static final int REFLECTIONS = 500;

    @TempDir
    Path work;

    @Test
    void killedMidPushThenRestartedStoresEveryMemoryOnce() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        SessionBuddyDb.createV2(data.resolve("reflection.duckdb"), CONVERSATIONS, REFLECTIONS);
        try (AkoshaMcpServer akosha = new AkoshaMcpServer("crash-token")) {
            Map<String, String> config = config(work, data, "mcp-crash", akosha, "crash-token");
            config.put("akosha.fallback.mcp.batch-size", Integer.toString(BATCH));
            int port = ConfigErrorIT.freePort();
            AtomicReference<SidecarProcess> running = new AtomicReference<>();
            AtomicInteger batches = new AtomicInteger();
            akosha.delayEachBatch(Duration.ofMillis(20));
            akosha.onBatch(() -> { // Akosha stored the 13th batch; the sidecar dies before it hears so
                if (batches.incrementAndGet() == 13) {
                    try {
                        running.get().kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });

            String syncId;
            try (SidecarProcess first = SidecarProcess.start(work.resolve("first.log"), port, config)) {
                running.set(first);
                first.awaitReady(Duration.ofSeconds(60));
                HttpResponse<String> accepted = first.post("/v1/sessions/mcp-crash-1/end",
                        "{\"files\":[\"reflection.duckdb\"],\"method\":\"http\"}");
                assertEquals(202, accepted.statusCode(), accepted.body());
                syncId = UploadVerifier.json(accepted.body()).get("sync_id").asText();
                // killed by the server's callback; a sync parked instead says why in its error
                AtomicReference<JsonNode> last = new AtomicReference<>();
                await("killed mid-push").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                        .ignoreExceptions().until(() -> {
                            if (first.exited()) {
                                return true;
                            }
                            last.set(UploadVerifier.json(first.get("/v1/syncs/" + syncId).body()));
                            return last.get().get("status").asText().equals("parked");
                        });
                assertTrue(first.exited(), () -> "the push did not get to the kill: " + last.get());
                assertEquals(137, first.awaitExit(Duration.ofSeconds(10)), "killed with SIGKILL");
            }
            int storedBeforeRestart = akosha.storedCount();
            assertEquals(13 * BATCH, storedBeforeRestart, "13 batches stored before the kill");

            JsonNode sync;
            try (SidecarProcess second = SidecarProcess.start(work.resolve("second.log"), port, config)) {
                running.set(second);
                second.awaitReady(Duration.ofSeconds(60));
                sync = second.awaitStatus(syncId, "delivered");
            }
            JsonNode memories = sync.get("memories");
            System.out.printf("MCP CRASH stored_before_kill=%d duplicates_after_restart=%d memories=%s%n",
                    storedBeforeRestart, akosha.duplicatesRefused(), memories);
            assertEquals(CONVERSATIONS + REFLECTIONS, akosha.storedCount(), "every memory stored");
            assertEquals(CONVERSATIONS + REFLECTIONS,
                    memories.get("pushed").asLong() + memories.get("already_stored").asLong(), memories.toString());
            assertEquals(BATCH, akosha.duplicatesRefused(), "only the batch in flight at the kill was sent again");
            assertEquals(BATCH, memories.get("already_stored").asLong());
            assertEquals(0, memories.get("refused").asLong());
            Stream.concat(IntStream.range(0, CONVERSATIONS).mapToObj(i -> "conv-" + i),
                    IntStream.range(0, REFLECTIONS).mapToObj(i -> "refl-" + i))
                    .forEach(id -> assertTrue(akosha.received(id) <= 2, id + " sent " + akosha.received(id) + " times"));
            assertTrue(sync.get("attempts").asInt() >= 2, "resumed after the restart: " + sync);
        }
    }

    /** The packaged sidecar on {@code data}, a local store under {@code work}, the fallback to {@code akosha}. */
    static Map<String, String> config(Path work, Path data, String systemId, AkoshaMcpServer akosha, String token) {
        Map<String, String> config = new HashMap<>();
        config.put("akosha.data-dir", data.toString());
        config.put("akosha.spool-dir", work.resolve("spool").toString());
        config.put("akosha.local.dir", work.resolve("store").toString());
        config.put("akosha.system-id", systemId);
        config.put("akosha.fallback.url", akosha.url());
        config.put("akosha.fallback.token", token);
        config.put("akosha.fallback.allow-insecure-loopback", "true");
        return config;
    }
}

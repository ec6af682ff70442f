package io.akosha.sync.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.AkoshaMcpServer;
import io.akosha.sync.support.SessionBuddyDb;
import io.akosha.sync.support.UploadVerifier;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The MCP fallback on databases of growing size ({@code bench.memories}, default 100,000 and 1,000,000 rows: 70 %
 * conversations, 30 % reflections, session-buddy's v2 schema with 384-float embeddings): the packaged sidecar
 * (a fixed, pre-touched heap: {@code bench.jvm-opts}, as {@link SyncBench}) pushes every row into the test's MCP server ({@link AkoshaMcpServer}, ids kept only) with the
 * default batches; event to delivered, rows per second, and the sidecar's peak RSS over its RSS after start, which
 * must not grow with the row count. Prints a markdown table and writes it to {@code target/bench/memories.md}. Run
 * by {@code src/bench/run.sh}, or alone: {@code src/bench/run.sh -Dit.test=MemoryPushBench}. The databases are
 * kept in {@code target/bench} (1 M rows: about 1.7 GB, a minute or two to write).
 */
class MemoryPushBench {

    @Test
    void pushesWithFlatMemory() throws Exception {
        List<String> rows = new ArrayList<>();
        rows.add("MCP fallback, packaged sidecar " + BenchSupport.JVM + ", default batches, "
                + Runtime.getRuntime().availableProcessors() + " cores:");
        rows.add("");
        rows.add("| rows | database | event to delivered | rows/s | RSS after start | peak RSS | peak over start |");
        rows.add("|---|---|---|---|---|---|---|");
        List<String> growth = new ArrayList<>();
        double least = Double.MAX_VALUE;
        double most = -Double.MAX_VALUE;
        for (String size : System.getProperty("bench.memories", "100000,1000000").split(",")) {
            long total = Long.parseLong(size.trim());
            double[] measured = new double[3];
            rows.add(run(total, measured));
            System.out.println(rows.get(rows.size() - 1));
            growth.add(String.format("%,d rows: %.0f rows/s, peak RSS %+.0f MB over start", total, measured[1],
                    measured[2]));
            least = Math.min(least, measured[2]);
            most = Math.max(most, measured[2]);
        }
        BenchSupport.report("MCP fallback: the peak RSS does not grow with the row count",
                "event to delivered, every row pushed to the test's MCP server, default batches",
                String.join("; ", growth), "", String.format("spread %.0f MB: %s", most - least,
                        most - least <= 32 ? "flat" : "grows"));
        String table = String.join("\n", rows);
        System.out.println(table);
        Files.writeString(Files.createDirectories(Path.of("target", "bench")).resolve("memories.md"), table + "\n");
    }

    /** One database of {@code total} rows; fills {@code measured} with seconds, rows/s and peak over start (MB). */
    private static String run(long total, double[] measured) throws Exception {
        Path work = Files.createDirectories(Path.of("target", "bench", "memories-" + total)).toAbsolutePath();
        Path data = Files.createDirectories(work.resolve("data"));
        Path db = data.resolve("reflection.duckdb");
        Path made = work.resolve("complete");
        if (!Files.exists(made)) {
            Files.deleteIfExists(db);
            SessionBuddyDb.createV2(db, total * 7 / 10, total - total * 7 / 10);
            Files.writeString(made, Long.toString(total));
        }
        deleteTree(work.resolve("spool"));
        try (AkoshaMcpServer akosha = new AkoshaMcpServer("bench-token")) {
            akosha.keepIdsOnly(true);
            Map<String, String> config = McpCrashIT.config(work, data, "bench", akosha, "bench-token");
            try (SidecarProcess sidecar = BenchSupport.sidecar(work.resolve("sidecar.log"),
                    ConfigErrorIT.freePort(), config)) {
                sidecar.awaitReady(Duration.ofSeconds(60));
                long rssAfterStart = sidecar.rssKib();
                sidecar.resetPeakRss();
                long started = System.nanoTime();
                HttpResponse<String> accepted = sidecar.post("/v1/sessions/bench-" + total + "/end",
                        "{\"files\":[\"reflection.duckdb\"],\"method\":\"http\"}");
                assertEquals(202, accepted.statusCode(), accepted.body());
                String syncId = UploadVerifier.json(accepted.body()).get("sync_id").asText();
                JsonNode sync = await("pushed").atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> UploadVerifier.json(sidecar.get("/v1/syncs/" + syncId).body()),
                                s -> s.get("status").asText().equals("delivered")
                                        || s.get("status").asText().equals("parked"));
                double seconds = (System.nanoTime() - started) / 1e9;
                long peak = sidecar.peakRssKib();
                assertEquals("delivered", sync.get("status").asText(), sync.toString());
                assertEquals(total, sync.get("memories").get("pushed").asLong(), sync.get("memories").toString());
                assertEquals(total, akosha.storedCount());
                measured[0] = seconds;
                measured[1] = total / seconds;
                measured[2] = (peak - rssAfterStart) / 1024.0;
                return String.format("| %,d | %.0f MB | %.1f s | %,.0f | %.0f MB | %.0f MB | %+.0f MB |", total,
                        Files.size(db) / 1e6, seconds, total / seconds, rssAfterStart / 1024.0, peak / 1024.0,
                        (peak - rssAfterStart) / 1024.0);
            }
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}

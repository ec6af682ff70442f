package io.akosha.sync.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.AkoshaMcpServer;
import io.akosha.sync.support.IngestReceiver;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.SessionBuddyDb;
import io.akosha.sync.support.UploadVerifier;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How soon the fallback starts delivering once the cloud path gave up, not part of the test suite (it runs only by
 * name: {@code ./mvnw -B -ntp -o verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=FallbackBench}). The packaged sidecar ({@link BenchSupport#JVM}) gets a session-buddy-shaped database of
 * about 100 MB ({@code bench.fallback-rows}, default 125,000 rows: 70 % conversations, 30 % reflections, 384-float
 * embeddings), its bucket endpoint refuses connections, so the sync goes to the fallback. The decision is the sync's
 * change to {@code falling_back}, as the audit log records it (event {@code fallback.used}, its {@code ts}, in the
 * spool's {@code audit.log}); measured from there: for protocol {@code multipart}, the first body byte at the receiver ({@link IngestReceiver}); for
 * {@code mcp}, the first {@code batch_store_memories} call stored by the MCP server ({@link AkoshaMcpServer}). Each
 * protocol runs {@code bench.fallback-runs} times (default 3, the median is shown), each in a sidecar started
 * {@link #SETTLE} before the session end, whose RSS then is shown too (with protocol {@code mcp} DuckDB is loaded
 * by then, {@code akosha.fallback.mcp.preload-duckdb}). Its two rows go to the benchmark summary
 * ({@link BenchSupport#report}).
 */
class FallbackBench {

    static final long ROWS = Long.getLong("bench.fallback-rows", 125_000);
    static final int RUNS = Integer.getInteger("bench.fallback-runs", 3);
    static final long GOAL_MILLIS = 500;
    /** How long the sidecar runs before the session end: a sidecar is usually up long before a hand-over. */
    static final Duration SETTLE = Duration.ofSeconds(3);
    static final String TOKEN = "bench-token";

    private final Path work = Path.of("target", "bench", "fallback").toAbsolutePath();
    private final List<Long> rssMultipart = new ArrayList<>();
    private final List<Long> rssMcp = new ArrayList<>();
    private final List<Long> mcpStored = new ArrayList<>();

    @Test
    void firstByteAfterTheDecision() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Path db = data.resolve("reflection.duckdb");
        Path made = work.resolve("complete-" + ROWS);
        if (!Files.exists(made)) {
            Files.deleteIfExists(db);
            SessionBuddyDb.createV2(db, ROWS * 7 / 10, ROWS - ROWS * 7 / 10);
            Files.writeString(made, Long.toString(ROWS));
        }
        String size = String.format("%.0f MB", Files.size(db) / 1e6);
        List<Long> multipart = new ArrayList<>();
        List<Long> mcp = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            multipart.add(multipart(data, run));
            mcp.add(mcp(data, run));
        }
        String measured = String.format("%s session (%d rows), cloud refused, from the fallback.used audit event,"
                + " median of %d runs", size, ROWS, RUNS);
        report("fallback multipart: first byte ≤ " + GOAL_MILLIS + " ms after the decision", measured,
                median(multipart) + " ms to the first body byte at the receiver; RSS before the session end "
                        + median(rssMultipart) + " MB", multipart);
        report("fallback mcp: first batch ≤ " + GOAL_MILLIS + " ms after the decision", measured,
                median(mcp) + " ms to the first batch_store_memories at the server (stored after " + median(mcpStored)
                        + " ms); RSS before the session end " + median(rssMcp) + " MB, DuckDB preloaded", mcp);
    }

    private static void report(String goal, String measured, String sidecar, List<Long> millis) {
        BenchSupport.report(goal, measured, sidecar, "budget " + GOAL_MILLIS + " ms",
                median(millis) <= GOAL_MILLIS ? "met" : "missed");
    }

    /** One multipart run: milliseconds from the decision to the first byte the receiver got. */
    private long multipart(Path data, int run) throws Exception {
        try (IngestReceiver receiver = new IngestReceiver(TOKEN)) {
            Map<String, String> config = config(data, "fb-multipart-" + run);
            config.put("akosha.fallback.protocol", "multipart");
            config.put("akosha.fallback.url", receiver.url());
            try (SidecarProcess sidecar = start(config, "multipart-" + run)) {
                rssMultipart.add(sidecar.rssKib() / 1024);
                String syncId = endSession(sidecar, "multipart-" + run);
                Instant decided = decision("fb-multipart-" + run, syncId);
                JsonNode sync = delivered(sidecar, syncId);
                assertEquals("http", sync.get("method").asText(), sync.toString());
                List<IngestReceiver.Request> requests = receiver.requests();
                assertEquals(1, requests.size(), requests.toString());
                assertTrue(requests.get(0).problems().isEmpty(), requests.get(0).problems().toString());
                long millis = Duration.between(decided, requests.get(0).firstByteAt()).toMillis();
                System.out.println("FallbackBench: multipart run " + run + ": first byte " + millis
                        + " ms after the decision");
                return millis;
            }
        }
    }

    /** One MCP run: milliseconds from the decision to the first batch the MCP server stored. */
    private long mcp(Path data, int run) throws Exception {
        try (AkoshaMcpServer akosha = new AkoshaMcpServer(TOKEN)) {
            akosha.keepIdsOnly(true);
            AtomicReference<Instant> firstStored = new AtomicReference<>();
            akosha.onBatch(() -> firstStored.compareAndSet(null, Instant.now()));
            Map<String, String> config = config(data, "fb-mcp-" + run);
            config.put("akosha.fallback.protocol", "mcp");
            config.put("akosha.fallback.url", akosha.url());
            try (SidecarProcess sidecar = start(config, "mcp-" + run)) {
                rssMcp.add(sidecar.rssKib() / 1024);
                String syncId = endSession(sidecar, "mcp-" + run);
                Instant decided = decision("fb-mcp-" + run, syncId);
                JsonNode sync = delivered(sidecar, syncId);
                assertEquals("http", sync.get("method").asText(), sync.toString());
                assertEquals(ROWS, sync.get("memories").get("pushed").asLong(), sync.get("memories").toString());
                assertNotNull(akosha.firstBatchArrivedAt(), "no batch reached the MCP server");
                long millis = Duration.between(decided, akosha.firstBatchArrivedAt()).toMillis();
                long stored = Duration.between(decided, firstStored.get()).toMillis();
                mcpStored.add(stored);
                System.out.println("FallbackBench: mcp run " + run + ": first batch came " + millis
                        + " ms after the decision, stored by the server after " + stored + " ms");
                return millis;
            }
        }
    }

    /** The sidecar's configuration: the bucket endpoint is a port nothing listens on, so the cloud path fails. */
    private Map<String, String> config(Path data, String name) throws Exception {
        Path dir = work.resolve(name);
        deleteTree(dir);
        Map<String, String> config = S3ProxyServer.sidecarConfig("bench", ConfigErrorIT.freePort());
        config.put("akosha.data-dir", data.toString());
        config.put("akosha.spool-dir", Files.createDirectories(dir).resolve("spool").toString());
        config.put("akosha.system-id", "bench");
        config.put("akosha.fallback.token", TOKEN);
        config.put("akosha.fallback.allow-insecure-loopback", "true");
        // when the consumer took the sync, and how long DuckDB took to load: in the logs under target/bench/fallback
        config.put("quarkus.log.category.\"io.akosha.sync.pipeline.FallbackConsumer\".level", "DEBUG");
        config.put("quarkus.log.category.\"io.akosha.sync.mcp\".level", "DEBUG");
        return config;
    }

    private SidecarProcess start(Map<String, String> config, String name) throws Exception {
        SidecarProcess sidecar = BenchSupport.sidecar(work.resolve(name + ".log"), ConfigErrorIT.freePort(), config);
        sidecar.awaitReady(Duration.ofSeconds(60));
        Thread.sleep(SETTLE.toMillis());
        return sidecar;
    }

    private static String endSession(SidecarProcess sidecar, String session) throws Exception {
        HttpResponse<String> accepted = sidecar.post("/v1/sessions/" + session + "/end",
                "{\"files\":[\"reflection.duckdb\"]}");
        assertEquals(202, accepted.statusCode(), accepted.body());
        return UploadVerifier.json(accepted.body()).get("sync_id").asText();
    }

    /** When the sync turned {@code falling_back}: the {@code ts} of its {@code fallback.used} audit event. */
    private Instant decision(String name, String syncId) {
        Path audit = work.resolve(name).resolve("spool").resolve("audit.log");
        JsonNode event = await("fallback.used").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    if (!Files.exists(audit)) {
                        return null;
                    }
                    for (String line : Files.readAllLines(audit)) {
                        JsonNode e;
                        try {
                            e = UploadVerifier.json(line);
                        } catch (IOException partial) {
                            continue; // the line being written
                        }
                        if ("fallback.used".equals(e.path("event").asText())
                                && syncId.equals(e.path("sync_id").asText())) {
                            return e;
                        }
                    }
                    return null;
                }, e -> e != null);
        return Instant.parse(event.get("ts").asText());
    }

    private static JsonNode delivered(SidecarProcess sidecar, String syncId) {
        JsonNode sync = await("delivered").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> UploadVerifier.json(sidecar.get("/v1/syncs/" + syncId).body()),
                        s -> s.get("status").asText().equals("delivered") || s.get("status").asText().equals("parked"));
        assertEquals("delivered", sync.get("status").asText(), sync.toString());
        return sync;
    }


    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
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

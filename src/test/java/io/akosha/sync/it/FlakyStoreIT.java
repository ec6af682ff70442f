package io.akosha.sync.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.FaultProxy;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sidecar against a flaky store (S3Proxy behind the {@link FaultProxy}, which fails requests in a
 * pattern): a 100 MB session is delivered by the cloud path within two minutes, each failed request is sent again
 * on its own (the multipart upload and its confirmed parts are kept), and a sync that was parked after all resumes
 * its multipart upload when it is re-driven. Counted from the proxy's request log: CreateMultipartUpload requests,
 * sends of each part; from the sidecar: {@code attempts} and the retry counters.
 * <p>
 * Parts go on the wire one at a time here ({@code -Dflaky.parallel-parts}, default 1): then the request after a
 * failed one is its retry, which a store failing every 2nd or 3rd request answers, so no part needs a third send.
 * With two parts on the wire (the default setting) the other part's request can take the good turn and a retry
 * meet the next failure: still one multipart upload per file and nothing aborted, but a part may go three or four
 * times (the client's limit is {@value #MAX_ATTEMPTS} sends of one request).
 */
class FlakyStoreIT {

    private static final long MB = 1000 * 1000;
    private static final int MAX_ATTEMPTS = 4;
    private static final String PARALLEL_PARTS = System.getProperty("flaky.parallel-parts", "1");
    /** A request as the proxy logs it: {@code METHOD /bucket/key?query HTTP/1.1}. */
    private static final Pattern REQUEST = Pattern.compile("^(\\S+) /[^/]+/([^?\\s]+)(?:\\?(\\S*))? \\S+$");
    private static final Pattern PART_NUMBER = Pattern.compile("(?:^|&)partNumber=(\\d+)");

    @TempDir
    Path work;

    @Test
    void oneRequestInThreeFailingWith500() throws Exception {
        deliveredDespite("500 on every 3rd request", FaultProxy.everyNth(3, FaultProxy.INTERNAL_ERROR));
    }

    @Test
    void everyOtherRequestThrottledWithSlowDown() throws Exception {
        deliveredDespite("503 SlowDown on every other request", FaultProxy.everyNth(2, FaultProxy.SLOW_DOWN));
    }

    private void deliveredDespite(String pattern, Function<String, FaultProxy.Refusal> gate) throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        TestFiles.writePseudoRandom(data.resolve("reflection.duckdb"), 60 * MB);
        TestFiles.writePseudoRandom(data.resolve("knowledge_graph.duckdb"), 40 * MB);
        try (ProcessStore store = new ProcessStore(work, "512m");
                SidecarProcess sidecar = SidecarProcess.start(work.resolve("sidecar.log"), ConfigErrorIT.freePort(),
                        config(store, data))) {
            sidecar.awaitReady(Duration.ofSeconds(60));
            awaitOrphanSweep(store.proxy);
            Metrics before = Metrics.of(sidecar);
            store.proxy.gate(gate);
            long started = System.nanoTime();
            String syncId = accept(sidecar);
            JsonNode sync = sidecar.awaitStatus(syncId, "delivered");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            store.proxy.gate(null);
            Metrics after = Metrics.of(sidecar);

            Requests requests = Requests.of(store.proxy, work.resolve("requests.log"));
            int uploadRetries = (int) (after.uploadRetries() - before.uploadRetries());
            int requestRetries = (int) (after.requestRetries() - before.requestRetries());
            System.out.printf("FLAKY pattern=\"%s\" parallel_parts=%s delivered_in=%.1fs create_multipart=%d aborts=%d "
                    + "parts=%d part_sends=%d max_sends_per_part=%d refused=%d request_retries=%d upload_retries=%d "
                    + "attempts=%d%n", pattern, PARALLEL_PARTS, took.toMillis() / 1000.0, requests.creates(),
                    requests.aborts(), requests.sendsPerPart().size(), requests.partSends(),
                    requests.maxSendsPerPart(), store.proxy.refused(), requestRetries, uploadRetries,
                    sync.get("attempts").asInt());

            assertEquals("cloud", sync.get("method").asText(), sync.toString());
            assertTrue(took.compareTo(Duration.ofMinutes(2)) < 0, "delivered in " + took);
            UploadVerifier.verify(UploadVerifier.s3(store.s3, ProcessStore.BUCKET), sync, null);
            assertTrue(store.proxy.refused() >= 4, "the store failed requests: " + store.proxy.refused());
            assertTrue(requests.sendsPerPart().size() >= 8, "multipart uploads: " + requests);
            assertEquals(2, requests.creates(), "one multipart upload per file, never started over: " + requests);
            assertEquals(0, requests.aborts(), "nothing aborted: " + requests);
            assertTrue(requests.maxSendsPerPart() <= (PARALLEL_PARTS.equals("1") ? 2 : MAX_ATTEMPTS),
                    "sends per part: " + requests.sendsPerPart());
            assertEquals(1 + uploadRetries, sync.get("attempts").asInt(), "attempts: the first and each retry");
            if (uploadRetries == 0) {
                assertEquals(store.proxy.refused(), requestRetries, "every refused request was sent again on its own");
            }
        }
    }

    @Test
    void parkedSyncResumesItsMultipartUploadWhenRedriven() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        TestFiles.writePseudoRandom(data.resolve("reflection.duckdb"), 40 * MB);
        try (ProcessStore store = new ProcessStore(work, "512m");
                SidecarProcess sidecar = SidecarProcess.start(work.resolve("sidecar.log"), ConfigErrorIT.freePort(),
                        config(store, data))) {
            sidecar.awaitReady(Duration.ofSeconds(60));
            Metrics before = Metrics.of(sidecar);
            // two parts go through, then the store fails every request until the sync is parked
            AtomicInteger parts = new AtomicInteger();
            store.proxy.gate(head -> (head.contains("partNumber=") ? parts.getAndIncrement() : parts.get()) < 2 ? null
                    : FaultProxy.INTERNAL_ERROR);
            String syncId = accept(sidecar);
            JsonNode parked = await("sync parked").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> UploadVerifier.json(sidecar.get("/v1/syncs/" + syncId).body()),
                            s -> s.get("status").asText().equals("parked"));
            store.proxy.gate(null);
            int uploadRetries = (int) (Metrics.of(sidecar).uploadRetries() - before.uploadRetries());
            assertEquals(1 + uploadRetries, parked.get("attempts").asInt(), "attempts when parked: " + parked);
            assertTrue(uploadRetries >= 1, "the upload was retried before it was parked");
            Requests beforeRedrive = Requests.of(store.proxy, work.resolve("requests.log"));

            HttpResponse<String> retry = sidecar.post("/v1/syncs/" + syncId + "/retry", "");
            assertEquals(202, retry.statusCode(), retry.body());
            JsonNode sync = sidecar.awaitStatus(syncId, "delivered");

            Requests requests = Requests.of(store.proxy, work.resolve("requests.log"));
            System.out.printf("FLAKY redrive: create_multipart=%d aborts=%d max_sends_per_part=%d attempts=%d%n",
                    requests.creates(), requests.aborts(), requests.maxSendsPerPart(), sync.get("attempts").asInt());
            assertEquals(1, requests.creates(), "the re-drive resumed the multipart upload: " + requests);
            assertEquals(0, requests.aborts(), "nothing aborted: " + requests);
            assertEquals(beforeRedrive.sendsPerPart().get("reflection.duckdb.gz#1"),
                    requests.sendsPerPart().get("reflection.duckdb.gz#1"), "part 1, confirmed before, not sent again");
            assertEquals(parked.get("attempts").asInt() + 1, sync.get("attempts").asInt(), "the re-drive counts");
            UploadVerifier.verify(UploadVerifier.s3(store.s3, ProcessStore.BUCKET), sync, null);
        }
    }

    private static Map<String, String> config(ProcessStore store, Path data) {
        Map<String, String> config = store.config(data, data.resolveSibling("spool"), "flaky-test");
        config.put("akosha.park.initial-delay", "1h"); // re-driven by the test only
        config.put("akosha.upload.part-size", "5M");
        config.put("akosha.upload.parallel-parts", PARALLEL_PARTS);
        // the breaker is not under test: a re-drive right after the store recovered must reach it
        config.put("quarkus.fault-tolerance.\"io.akosha.sync.pipeline.CloudPath/upload\".circuit-breaker"
                + ".request-volume-threshold", "1000");
        return config;
    }

    /**
     * The start-up sweep for orphaned multipart uploads lists them once, at the scheduler's first tick, which can
     * come after readiness: a request of its own in the middle of the upload would take a part's good turn.
     */
    private static void awaitOrphanSweep(FaultProxy proxy) {
        await("the start-up orphan sweep").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> proxy.forwarded().stream().anyMatch(r -> r.startsWith("GET ") && r.contains("?uploads")));
    }

    private static String accept(SidecarProcess sidecar) throws Exception {
        HttpResponse<String> accepted = sidecar.post("/v1/sessions/flaky-1/end", "{}");
        assertEquals(202, accepted.statusCode(), accepted.body());
        return UploadVerifier.json(accepted.body()).get("sync_id").asText();
    }

    /**
     * What the proxy saw: multipart uploads created and aborted (requests that reached the store) and the sends of
     * each part (every request line in its log, refused ones included).
     */
    private record Requests(int creates, int aborts, Map<String, Integer> sendsPerPart) {

        static Requests of(FaultProxy proxy, Path log) throws Exception {
            int creates = 0;
            int aborts = 0;
            for (String forwarded : proxy.forwarded()) {
                Matcher m = REQUEST.matcher(forwarded.substring(0, forwarded.lastIndexOf(' ')));
                String query = m.matches() && m.group(3) != null ? m.group(3) : "";
                creates += m.matches() && m.group(1).equals("POST") && query.startsWith("uploads") ? 1 : 0;
                aborts += m.matches() && m.group(1).equals("DELETE") && query.contains("uploadId=") ? 1 : 0;
            }
            Map<String, Integer> sends = new TreeMap<>();
            for (String line : Files.readAllLines(log)) {
                Matcher m = REQUEST.matcher(line);
                Matcher part = PART_NUMBER.matcher(m.matches() && m.group(3) != null ? m.group(3) : "");
                if (m.matches() && m.group(1).equals("PUT") && part.find()) {
                    String object = m.group(2).substring(m.group(2).lastIndexOf('/') + 1);
                    sends.merge(object + "#" + part.group(1), 1, Integer::sum);
                }
            }
            return new Requests(creates, aborts, sends);
        }

        int partSends() {
            return sendsPerPart.values().stream().mapToInt(Integer::intValue).sum();
        }

        int maxSendsPerPart() {
            return sendsPerPart.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
    }

    /** The sidecar's retry counters, from {@code /q/metrics}. */
    private record Metrics(String text) {

        static Metrics of(SidecarProcess sidecar) throws Exception {
            return new Metrics(sidecar.get("/q/metrics").body());
        }

        double uploadRetries() {
            return value("akosha_sync_upload_retries_total{method=\"cloud\",scope=\"upload\"}");
        }

        double requestRetries() {
            return value("akosha_sync_upload_retries_total{method=\"cloud\",scope=\"request\"}");
        }

        private double value(String series) {
            return List.of(text.split("\n")).stream().filter(l -> l.startsWith(series + " ")).findFirst()
                    .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(0.0);
        }
    }
}

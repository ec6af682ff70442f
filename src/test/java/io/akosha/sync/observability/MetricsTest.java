package io.akosha.sync.observability;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.support.FallbackResource;
import io.akosha.sync.support.FaultProxy;
import io.akosha.sync.support.TestFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * /q/metrics after a real cloud upload (S3Proxy), a forced fallback (refused store, real receiver), and retries
 * against a store that fails, then recovers.
 */
@QuarkusTest
@QuarkusTestResource(value = FallbackResource.class, restrictToAnnotatedClass = true)
class MetricsTest {

    @FallbackResource.Inject
    FallbackResource.Environment env;

    @Test
    void countersAndHistogramsMoveByWhatWasUploaded() throws Exception {
        long size = 14L * 1024 * 1024;
        TestFiles.writePseudoRandom(env.dataDir().resolve("metrics.duckdb"), size);
        TestFiles.writePseudoRandom(env.dataDir().resolve("fallback.duckdb"), 100_000);
        Prometheus before = Prometheus.scrape();

        JsonNode cloud = awaitDelivered(endSession("metrics-cloud", "{\"files\":[\"metrics.duckdb\"]}"),
                Duration.ofSeconds(60));
        env.proxy().refuse();
        JsonNode http;
        try {
            http = awaitDelivered(endSession("metrics-http", "{\"files\":[\"fallback.duckdb\"]}"), Duration.ofSeconds(60));
        } finally {
            env.proxy().restore();
        }
        Prometheus after = Prometheus.scrape();

        Map<String, String> cloudDelivered = Map.of("method", "cloud", "result", "delivered");
        Map<String, String> httpDelivered = Map.of("method", "http", "result", "delivered");
        assertEquals(1, delta(before, after, "akosha_sync_syncs_total", cloudDelivered));
        assertEquals(1, delta(before, after, "akosha_sync_syncs_total", httpDelivered));
        assertEquals(1, delta(before, after, "akosha_sync_upload_duration_seconds_count", Map.of("method", "cloud")));
        assertEquals(1, delta(before, after, "akosha_sync_upload_duration_seconds_count", Map.of("method", "http")));
        assertTrue(after.has("akosha_sync_upload_duration_seconds_bucket"), "histogram buckets published");
        assertTrue(after.value("akosha_sync_upload_duration_seconds", Map.of("method", "cloud", "quantile", "0.99")) > 0,
                "p99 published");
        assertEquals(size, delta(before, after, "akosha_sync_read_bytes_total", Map.of("method", "cloud")));
        assertTrue(delta(before, after, "akosha_sync_snapshot_duration_seconds_count", Map.of()) >= 2,
                "each sync's snapshot timed");
        assertTrue(delta(before, after, "akosha_sync_snapshot_bytes_total", Map.of()) >= size,
                "the snapshot's bytes counted");
        long stored = cloud.get("files").get(0).get("stored_bytes").asLong();
        assertEquals(stored, delta(before, after, "akosha_sync_stored_bytes_total", Map.of("method", "cloud")));
        assertEquals(cloud.get("files").get(0).get("parts").asInt(),
                delta(before, after, "akosha_sync_parts_uploaded_total", Map.of("destination", "s3")));
        assertTrue(cloud.get("files").get(0).get("parts").asInt() >= 2);
        assertEquals(1, delta(before, after, "akosha_sync_fallback_activations_total", Map.of("cause", "cloud_failed")));
        assertEquals(2, delta(before, after, "akosha_sync_compression_ratio_count", Map.of()));
        assertEquals("http", http.get("method").asText());
        assertEquals(0, after.value("akosha_sync_pending"));
        assertEquals(0, after.value("akosha_sync_parked"));
        assertTrue(after.has("akosha_sync_oldest_pending_age_seconds"));
        assertTrue(after.text().contains("ft_circuitbreaker"), "circuit-breaker metrics from fault tolerance");
        assertTrue(!after.text().contains("metrics-cloud"), "no session ids in metrics");

        // log lines about a sync carry its sync id and upload id (MDC), here in the JSON format
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("target/quarkus-test-json.log"))) {
            JsonNode entry = json.readTree(line);
            if (entry.path("message").asText().contains(cloud.get("sync_id").asText())) {
                lines.add(entry);
            }
        }
        assertTrue(lines.size() >= 1, "log lines about the sync");
        assertTrue(lines.stream().anyMatch(l -> l.path("message").asText().contains("delivered to s3")
                && l.at("/mdc/sync_id").asText().equals(cloud.get("sync_id").asText())
                && l.at("/mdc/upload_id").asText().equals(cloud.get("upload_id").asText())),
                "the delivery line carries sync_id and upload_id: " + lines);

        // every akosha_sync_* series the alert rules and the dashboard use is one the sidecar exports
        for (String asset : new String[] {"deploy/observability/prometheus-rules.yaml",
            "deploy/observability/grafana-dashboard.json"}) {
            Matcher used = Pattern.compile("akosha_sync_[a-z_]+").matcher(Files.readString(Path.of(asset)));
            while (used.find()) {
                assertTrue(after.has(used.group()), asset + " uses " + used.group() + ", which is not exported");
            }
        }
    }

    @Test
    void retriesAreCountedWhenAStoreFailsThenRecovers() throws Exception {
        TestFiles.writePseudoRandom(env.dataDir().resolve("retried.duckdb"), 200_000);
        Prometheus before = Prometheus.scrape();
        // the first 6 requests fail with 500: the S3 client sends the first one 4 times, the cloud path's @Retry
        // tries the upload again, whose first requests fail twice more before the store has recovered
        AtomicInteger requests = new AtomicInteger();
        int refusedBefore = env.proxy().refused();
        env.proxy().gate(head -> requests.incrementAndGet() <= 6 ? FaultProxy.INTERNAL_ERROR : null);
        JsonNode sync;
        try {
            sync = awaitDelivered(endSession("metrics-retried", "{\"files\":[\"retried.duckdb\"]}"),
                    Duration.ofSeconds(60));
        } finally {
            env.proxy().gate(null);
        }
        Prometheus after = Prometheus.scrape();

        int refused = env.proxy().refused() - refusedBefore;
        double uploadRetries = delta(before, after, "akosha_sync_upload_retries_total",
                Map.of("method", "cloud", "scope", "upload"));
        double requestRetries = delta(before, after, "akosha_sync_upload_retries_total",
                Map.of("method", "cloud", "scope", "request"));
        assertEquals("cloud", sync.get("method").asText(), sync.toString());
        assertEquals(6, refused);
        assertTrue(uploadRetries >= 1, "the cloud path's @Retry counted (its @BeforeRetry handler ran)");
        assertEquals(sync.get("attempts").asInt() - 1, uploadRetries, "each retry of the upload is an attempt");
        assertTrue(requestRetries >= 3 && requestRetries + uploadRetries <= refused,
                "requests the S3 client sent again: " + requestRetries + " of " + refused + " refused");
        assertEquals(uploadRetries, delta(before, after, "ft_retry_retries_total",
                Map.of("method", "io.akosha.sync.pipeline.CloudPath.upload")), "as many as fault tolerance's own count");
    }

    private static double delta(Prometheus before, Prometheus after, String name, Map<String, String> labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}

package io.akosha.sync.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM in the middle of a multipart upload: the sidecar stops at a chunk boundary, lets the part on the wire
 * finish, exits within its grace period without parking or falling back, and the next start resumes the upload
 * after the parts already sent.
 */
class GracefulShutdownIT {

    private static final Pattern RESUMED = Pattern.compile(
            "Resuming multipart upload of \\S+ after (\\d+) parts \\(\\d+ input bytes, (\\d+) held beyond\\)");

    @TempDir
    Path work;

    @Test
    void sigtermMidUploadStopsCleanlyAndTheNextStartResumes() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        TestFiles.writePseudoRandom(data.resolve("reflection.duckdb"), 60L * 1000 * 1000);
        try (ProcessStore store = new ProcessStore(work, "1g")) {
            Map<String, String> config = store.config(data, work.resolve("spool"), "shutdown-test");
            config.put("akosha.shutdown.grace", "15s");
            int port = ConfigErrorIT.freePort();
            store.proxy.throttle(4L * 1024 * 1024); // each 8 MiB part takes about two seconds

            String syncId;
            try (SidecarProcess first = SidecarProcess.start(work.resolve("first.log"), port, config)) {
                first.awaitReady(Duration.ofSeconds(60));
                HttpResponse<String> accepted = first.post("/v1/sessions/stop-1/end", "{}");
                assertEquals(202, accepted.statusCode(), accepted.body());
                syncId = UploadVerifier.json(accepted.body()).get("sync_id").asText();
                awaitParts(store, 1);
                long asked = System.nanoTime();
                int exit = first.terminate(Duration.ofSeconds(30));
                long tookMs = (System.nanoTime() - asked) / 1_000_000;
                System.out.println("GracefulShutdownIT: exit " + exit + " " + tookMs + " ms after SIGTERM");
                assertTrue(tookMs < 15_000, "stopped within the grace period: " + tookMs + " ms");
                String log = first.output();
                assertTrue(log.contains("stopped for shutdown"), log);
                assertTrue(!log.contains("parked") && !log.contains("falling back"), log);
            }
            store.proxy.restore();
            try (SidecarProcess second = SidecarProcess.start(work.resolve("second.log"), port, config)) {
                second.awaitReady(Duration.ofSeconds(60));
                JsonNode sync = second.awaitStatus(syncId, "delivered");
                UploadVerifier.verify(UploadVerifier.s3(store.s3, ProcessStore.BUCKET), sync, null);
                Matcher resumed = RESUMED.matcher(second.output());
                // parts whose answer arrived before the stop are in the journal; one whose answer the stop cut off
                // is found at the store ("held") and reused by its checksum
                assertTrue(resumed.find() && Integer.parseInt(resumed.group(1)) + Integer.parseInt(resumed.group(2)) >= 1,
                        "the upload resumed with the parts sent before the stop: " + second.output());
            }
            List<String> parts = store.proxy.forwarded().stream().filter(r -> r.contains("partNumber=")).toList();
            assertEquals(parts.stream().map(r -> r.replaceAll("&uploadId=\\S+|uploadId=\\S+&", "")).distinct().count(),
                    parts.size(), "no part sent twice: " + parts);
        }
    }

    private static void awaitParts(ProcessStore store, int count) {
        await("parts on the wire").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> store.proxy.forwarded().stream().filter(r -> r.contains("partNumber=")).count() >= count);
    }
}

package io.akosha.sync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An accepted session end survives kill -9 in the middle of its upload: the restarted sidecar delivers it once. */
class RestartIT {

    @TempDir
    Path work;

    @Test
    void killedDuringUploadThenRestartedDeliversExactlyOnce() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Path store = work.resolve("store");
        TestFiles.writePseudoRandom(data.resolve("reflection.duckdb"), 300L * 1000 * 1000);
        Map<String, String> config = Map.of(
                "akosha.data-dir", data.toString(),
                "akosha.spool-dir", work.resolve("spool").toString(),
                "akosha.local.dir", store.toString(),
                "akosha.system-id", "restart-test");
        int port = ConfigErrorIT.freePort();

        String syncId;
        try (SidecarProcess first = SidecarProcess.start(work.resolve("first.log"), port, config)) {
            first.awaitReady(Duration.ofSeconds(60));
            HttpResponse<String> accepted = first.post("/v1/sessions/crash-1/end", "{\"files\":[\"reflection.duckdb\"]}");
            assertEquals(202, accepted.statusCode(), accepted.body());
            syncId = UploadVerifier.json(accepted.body()).get("sync_id").asText();
            first.awaitStatus(syncId, "uploading");
            first.kill();
        }
        assertTrue(manifests(store).isEmpty(), "nothing visible to Akosha after the crash");

        try (SidecarProcess second = SidecarProcess.start(work.resolve("second.log"), port, config)) {
            second.awaitReady(Duration.ofSeconds(60));
            JsonNode sync = second.awaitStatus(syncId, "delivered");
            assertTrue(sync.get("attempts").asInt() >= 2, "resumed after the restart: " + sync);
            UploadVerifier.verify(UploadVerifier.directory(store), sync, null);
            // the same session end after the restart is still the same sync, not a second upload
            HttpResponse<String> again = second.post("/v1/sessions/crash-1/end", "{}");
            assertEquals(syncId, UploadVerifier.json(again.body()).get("sync_id").asText());
        }
        assertEquals(1, manifests(store).size(), "exactly one manifest");
        try (Stream<Path> files = Files.walk(store)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    private static List<Path> manifests(Path store) throws Exception {
        if (!Files.exists(store)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(p -> p.getFileName().toString().equals("manifest.json")).toList();
        }
    }
}

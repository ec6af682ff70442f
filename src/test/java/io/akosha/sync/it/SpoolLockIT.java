package io.akosha.sync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One sidecar per spool, between real processes: a second sidecar on the same spool stops at start with a message
 * naming the spool and the process holding it, and harms nothing the first one accepted; a kill -9 leaves no stale
 * lock, so the next sidecar starts and delivers what was accepted.
 */
class SpoolLockIT {

    @TempDir
    Path work;

    @Test
    void secondSidecarOnTheSameSpoolStopsAndAKilledOneLeavesNoLock() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Path spool = work.resolve("spool");
        Path store = work.resolve("store");
        TestFiles.writePseudoRandom(data.resolve("reflection.duckdb"), 1024 * 1024);
        Map<String, String> config = Map.of(
                "akosha.data-dir", data.toString(),
                "akosha.spool-dir", spool.toString(),
                "akosha.local.dir", store.toString(),
                "akosha.system-id", "lock-test");

        String syncId;
        try (SidecarProcess first = SidecarProcess.start(work.resolve("first.log"), ConfigErrorIT.freePort(), config)) {
            first.awaitReady(Duration.ofSeconds(60));
            HttpResponse<String> accepted = first.post("/v1/sessions/lock-1/end", "{}");
            assertEquals(202, accepted.statusCode(), accepted.body());
            syncId = UploadVerifier.json(accepted.body()).get("sync_id").asText();
            first.awaitStatus(syncId, "delivered");

            SidecarProcess second = SidecarProcess.start(work.resolve("second.log"), ConfigErrorIT.freePort(), config);
            int exit = second.awaitExit(Duration.ofSeconds(60));
            String output = second.output();
            assertNotEquals(0, exit, output);
            assertTrue(output.contains(spool.toRealPath() + " is in use by another process (pid " + first.pid()),
                    "names the spool and the holder:\n" + output);
            assertFalse(output.contains("\tat "), "no stack trace:\n" + output);

            assertEquals(200, first.get("/v1/syncs/" + syncId).statusCode(), "the first one's syncs are intact");
            HttpResponse<String> more = first.post("/v1/sessions/lock-2/end", "{}");
            assertEquals(202, more.statusCode(), more.body());
            first.kill();
        }

        try (SidecarProcess third = SidecarProcess.start(work.resolve("third.log"), ConfigErrorIT.freePort(), config)) {
            third.awaitReady(Duration.ofSeconds(60));
            assertEquals(200, third.get("/v1/syncs/" + syncId).statusCode());
            HttpResponse<String> again = third.post("/v1/sessions/lock-2/end", "{}");
            third.awaitStatus(UploadVerifier.json(again.body()).get("sync_id").asText(), "delivered");
        }
    }
}

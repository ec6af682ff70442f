package io.akosha.sync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same executable restores and verifies, while the sidecar keeps running on its port. */
class CommandModeIT {

    @TempDir
    Path work;

    @Test
    void restoreAndVerifyBesideARunningSidecar() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Path store = work.resolve("store");
        Path original = data.resolve("reflection.duckdb");
        TestFiles.writePseudoRandom(original, 3L * 1000 * 1000);
        Map<String, String> config = Map.of("akosha.data-dir", data.toString(),
                "akosha.spool-dir", work.resolve("spool").toString(), "akosha.local.dir", store.toString(),
                "akosha.system-id", "cli-test");
        int port = ConfigErrorIT.freePort();
        try (SidecarProcess sidecar = SidecarProcess.start(work.resolve("sidecar.log"), port, config)) {
            sidecar.awaitReady(Duration.ofSeconds(60));
            String syncId = UploadVerifier.json(sidecar.post("/v1/sessions/cli-1/end", "{}").body())
                    .get("sync_id").asText();
            JsonNode sync = sidecar.awaitStatus(syncId, "delivered");

            // same port configured: command mode must not try to bind it
            Run list = run(config, port, "list", "--json");
            assertEquals(0, list.exit(), list.output());
            assertTrue(list.output().contains("\"upload_id\":\"" + sync.get("upload_id").asText() + "\"")
                    && list.output().contains("\"name\":\"reflection.duckdb\",\"size\":3000000"), list.output());
            Path target = work.resolve("restored");
            Run restore = run(config, port, "restore", "--latest", "--target", target.toString());
            assertEquals(0, restore.exit(), restore.output());
            assertEquals(UploadVerifier.sha256(original), UploadVerifier.sha256(target.resolve("reflection.duckdb")));
            Run verify = run(config, port, "verify", "--all", "--json");
            assertEquals(0, verify.exit(), verify.output());
            assertTrue(verify.output().contains("\"intact\":true"), verify.output());

            String objectKey = sync.get("files").get(0).get("object_key").asText();
            try (RandomAccessFile object = new RandomAccessFile(store.resolve(objectKey).toFile(), "rw")) {
                object.seek(object.length() / 2);
                int b = object.read();
                object.seek(object.length() / 2);
                object.write(b ^ 0x01);
            }
            Run damaged = run(config, port, "verify");
            assertEquals(1, damaged.exit(), damaged.output());
            assertTrue(damaged.output().contains(objectKey), "names the damaged object: " + damaged.output());
            assertEquals(200, sidecar.get("/q/health/live").statusCode(), "the sidecar kept running");
        }
    }

    private Run run(Map<String, String> config, int port, String... args) throws Exception {
        Path log = Files.createTempFile(work, "command", ".log");
        SidecarProcess command = SidecarProcess.start(log, port, config, args);
        int exit = command.awaitExit(Duration.ofSeconds(60));
        return new Run(exit, command.output());
    }

    private record Run(int exit, String output) {
    }
}

package io.akosha.sync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool on a real, small file system: a 48 MiB tmpfs mounted in a private mount namespace for the sidecar
 * alone ({@code unshare -m}, no root on the host's mounts needed). A session end whose snapshot does not fit, and
 * any session end once the disk is full, is answered 507 with Retry-After and a problem body; the sync already
 * accepted is delivered all the same, and once there is room again session ends are taken.
 */
class DiskFullIT {

    @TempDir
    Path work;

    @Test
    void fullSpoolAnswers507AndHarmsNothingAccepted() throws Exception {
        assumeTrue(privateMountsWork(), "unshare -m with a tmpfs mount is not permitted here");
        Path data = Files.createDirectories(work.resolve("data"));
        Path spool = Files.createDirectories(work.resolve("spool"));
        TestFiles.writePseudoRandom(data.resolve("first.duckdb"), 30L * 1024 * 1024);
        TestFiles.writePseudoRandom(data.resolve("second.duckdb"), 30L * 1024 * 1024);
        List<String> tmpfs = List.of("unshare", "-m", "sh", "-c",
                "mount -t tmpfs -o size=48m tmpfs \"$0\" && exec \"$@\"", spool.toString());

        try (ProcessStore store = new ProcessStore(work, "512m")) {
            Map<String, String> config = store.config(data, spool, "disk-test");
            config.put("akosha.health.min-free-space", "4M");
            config.put("akosha.intake.retry-after", "11s");
            int port = ConfigErrorIT.freePort();
            try (SidecarProcess sidecar = SidecarProcess.start(tmpfs, work.resolve("sidecar.log"), port, config)) {
                sidecar.awaitReady(Duration.ofSeconds(60));
                store.proxy.hold(); // the first sync stays staged (30 MiB of the 48 MiB) until released
                HttpResponse<String> first = sidecar.post("/v1/sessions/first/end", "{\"files\":[\"first.duckdb\"]}");
                assertEquals(202, first.statusCode(), first.body());
                String firstId = UploadVerifier.json(first.body()).get("sync_id").asText();
                sidecar.awaitStatus(firstId, "uploading");

                HttpResponse<String> noRoom = sidecar.post("/v1/sessions/second/end",
                        "{\"files\":[\"second.duckdb\"]}");
                assertInsufficientStorage(noRoom);

                // fill what is left, as another process on the same disk would
                Path filler = Path.of("/proc/" + sidecar.pid() + "/root" + spool.resolve("filler"));
                fill(filler);
                HttpResponse<String> full = sidecar.post("/v1/sessions/tiny/end", "{\"files\":[\"first.duckdb\"]}");
                assertInsufficientStorage(full);
                assertEquals(200, sidecar.get("/v1/syncs/" + firstId).statusCode(), "status still served");
                Files.delete(filler);

                store.proxy.release();
                JsonNode delivered = sidecar.awaitStatus(firstId, "delivered");
                UploadVerifier.verify(UploadVerifier.s3(store.s3, ProcessStore.BUCKET), delivered, null);

                // the delivered sync's staging copy is gone, so the second snapshot fits now
                HttpResponse<String> again = sidecar.post("/v1/sessions/second/end", "{\"files\":[\"second.duckdb\"]}");
                assertEquals(202, again.statusCode(), again.body());
                JsonNode second = sidecar.awaitStatus(UploadVerifier.json(again.body()).get("sync_id").asText(),
                        "delivered");
                UploadVerifier.verify(UploadVerifier.s3(store.s3, ProcessStore.BUCKET), second, null);
            }
        }
    }

    /**
     * The disk fills up while an upload is under way (its progress and status lines are written meanwhile and
     * fail, torn at a page boundary), more is accepted once there is room, then the sidecar is killed -9 and
     * started again on the same file system: every sync answered 202 is known after the restart and delivered.
     */
    @Test
    void diskFullDuringAnUploadThenKill9LosesNothingAccepted() throws Exception {
        assumeTrue(privateMountsWork(), "unshare -m with a tmpfs mount is not permitted here");
        Path data = Files.createDirectories(work.resolve("data"));
        Path spool = Files.createDirectories(work.resolve("spool"));
        TestFiles.writePseudoRandom(data.resolve("first.duckdb"), 16L * 1024 * 1024);
        TestFiles.writePseudoRandom(data.resolve("later.duckdb"), 1024 * 1024);
        // the tmpfs outlives the sidecar: the shell runs it a second time after it was killed
        List<String> tmpfs = List.of("unshare", "-m", "sh", "-c",
                "mount -t tmpfs -o size=40m tmpfs \"$0\" && \"$@\"; exec \"$@\"", spool.toString());

        try (ProcessStore store = new ProcessStore(work, "512m")) {
            Map<String, String> config = store.config(data, spool, "disk-kill-test");
            config.put("akosha.health.min-free-space", "1M");
            config.put("akosha.intake.retry-after", "11s");
            int port = ConfigErrorIT.freePort();
            try (SidecarProcess sidecar = SidecarProcess.start(tmpfs, work.resolve("sidecar.log"), port, config)) {
                sidecar.awaitReady(Duration.ofSeconds(60));
                store.proxy.hold();
                HttpResponse<String> first = sidecar.post("/v1/sessions/first/end", "{\"files\":[\"first.duckdb\"]}");
                assertEquals(202, first.statusCode(), first.body());
                String firstId = UploadVerifier.json(first.body()).get("sync_id").asText();
                sidecar.awaitStatus(firstId, "uploading");

                Path filler = Path.of("/proc/" + sidecar.pid() + "/root" + spool.resolve("filler"));
                fill(filler);
                store.proxy.release(); // parts are confirmed while nothing can be written
                Thread.sleep(3000);
                assertInsufficientStorage(sidecar.post("/v1/sessions/refused/end", "{\"files\":[\"later.duckdb\"]}"));
                Files.delete(filler);

                HttpResponse<String> later = sidecar.post("/v1/sessions/later/end", "{\"files\":[\"later.duckdb\"]}");
                assertEquals(202, later.statusCode(), later.body());
                String laterId = UploadVerifier.json(later.body()).get("sync_id").asText();

                ProcessHandle java = ProcessHandle.of(sidecar.pid()).orElseThrow().children().findFirst().orElseThrow();
                java.destroyForcibly(); // SIGKILL
                java.onExit().get();

                sidecar.awaitReady(Duration.ofSeconds(60)); // the second run, on the same tmpfs
                for (String id : List.of(firstId, laterId)) {
                    assertEquals(200, sidecar.get("/v1/syncs/" + id).statusCode(), "known after the restart: " + id);
                    JsonNode delivered = sidecar.awaitStatus(id, "delivered");
                    UploadVerifier.verify(UploadVerifier.s3(store.s3, ProcessStore.BUCKET), delivered, null);
                }
                assertEquals(404, sidecar.get("/v1/syncs/refused").statusCode());
                // how often the full disk tore a journal line (it depends on page boundaries): for the record
                long cut = sidecar.output().lines().filter(l -> l.contains("cut back to the last whole record")).count();
                System.out.println("DISKFULL torn journal writes cut back: " + cut);
            }
        }
    }

    private static void assertInsufficientStorage(HttpResponse<String> response) throws IOException {
        assertEquals(507, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("11", response.headers().firstValue("Retry-After").orElse(""));
        JsonNode problem = UploadVerifier.json(response.body());
        assertEquals(507, problem.get("status").asInt());
        assertTrue(problem.get("detail").asText().contains("MiB"), response.body());
    }

    private static void fill(Path file) throws IOException {
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static boolean privateMountsWork() {
        try {
            Process probe = new ProcessBuilder("unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt")
                    .redirectErrorStream(true).start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

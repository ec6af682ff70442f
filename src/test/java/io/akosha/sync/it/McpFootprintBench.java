package io.akosha.sync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.AkoshaMcpServer;
import io.akosha.sync.support.SessionBuddyDb;
import io.akosha.sync.support.UploadVerifier;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test (run with {@code -Dit.test=McpFootprintBench}): peak RSS (VmHWM) of the packaged sidecar with the JVM
 * options of deploy/laptop/akosha-sync.launcher while the MCP fallback pushes a session-buddy database (DuckDB
 * loaded, its buffer pool at the default 64M) into a real MCP server. {@code -Dbench.options} replaces the options,
 * {@code -Dbench.conversations} / {@code -Dbench.reflections} the rows.
 */
class McpFootprintBench {

    static final String LAUNCHER_OPTIONS = "-Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
            + " -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m -XX:MaxDirectMemorySize=32m"
            + " -XX:+ExitOnOutOfMemoryError";

    @TempDir
    Path work;

    @Test
    void peakRssOfAnMcpPush() throws Exception {
        long conversations = Long.getLong("bench.conversations", 20000);
        long reflections = Long.getLong("bench.reflections", 5000);
        List<String> options = Arrays.asList(System.getProperty("bench.options", LAUNCHER_OPTIONS).split(" "));
        Path data = Files.createDirectories(work.resolve("data"));
        Path db = data.resolve("reflection.duckdb");
        SessionBuddyDb.createV2(db, conversations, reflections);
        try (AkoshaMcpServer akosha = new AkoshaMcpServer("bench-token")) {
            akosha.keepIdsOnly(true);
            Map<String, String> config = McpCrashIT.config(work, data, "mcp-footprint", akosha, "bench-token");
            config.put("java.io.tmpdir", Files.createDirectories(work.resolve("tmp")).toString());
            int port = ConfigErrorIT.freePort();
            try (SidecarProcess sidecar = SidecarProcess.start(List.of(), options, work.resolve("sidecar.log"), port,
                    config)) {
                sidecar.awaitReady(Duration.ofSeconds(90));
                long idle = sidecar.peakRssKib();
                long start = System.nanoTime();
                HttpResponse<String> accepted = sidecar.post("/v1/sessions/mcp-footprint-1/end",
                        "{\"files\":[\"reflection.duckdb\"],\"method\":\"http\"}");
                assertEquals(202, accepted.statusCode(), accepted.body());
                JsonNode sync = sidecar.awaitStatus(UploadVerifier.json(accepted.body()).get("sync_id").asText(),
                        "delivered");
                long seconds = (System.nanoTime() - start) / 1_000_000_000L;
                long peak = sidecar.peakRssKib();
                System.out.printf("MCP FOOTPRINT artifact=%s options=%s db=%d MiB rows=%d idle_peak=%d MiB"
                        + " push_peak=%d MiB delivered_in=%d s memories=%s%n", Artifact.BUILT.label(), options,
                        Files.size(db) >> 20, conversations + reflections, idle / 1024, peak / 1024, seconds,
                        sync.get("memories"));
                assertEquals(conversations + reflections, akosha.storedCount());
            }
        }
    }
}

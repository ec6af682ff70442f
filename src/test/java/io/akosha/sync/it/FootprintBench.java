package io.akosha.sync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark, not part of the test suite: {@code src/bench/footprint.sh} (links the native executable when it is
 * missing, then runs {@code ./mvnw -B -ntp -Pbench verify -Dit.test=FootprintBench -Dbench.native=PATH}). Starts
 * the jar and the native executable side by side in one run, each against the same S3Proxy on 127.0.0.1, and
 * prints for each: exec to the first 200 of {@code /q/health/ready} and exec to the first 202 of a session end
 * (medians of {@code bench.runs}, default 10), RSS right after ready, and the peak RSS while delivering a 100 MB
 * and a 1 GB session (VmHWM, reset before each upload) with its growth over the RSS before that upload.
 * Which: {@code bench.artifacts} (default {@code jvm,native}). Options for each: {@code bench.jvm-options},
 * {@code bench.native-options} (default none: what a user runs).
 * Writes the table to {@code target/bench/footprint.md}.
 */
class FootprintBench {

    static final int RUNS = Integer.getInteger("bench.runs", 10);
    static final List<Long> SESSION_MB = List.of(100L, Long.getLong("bench.large-mb", 1000));
    static final String BUCKET = "footprint";

    private final Path work = Path.of("target", "bench", "footprint").toAbsolutePath();
    private final List<String> rows = new ArrayList<>();
    private S3ProxyServer s3;
    private int session;

    @Test
    void footprint() throws Exception {
        List<String> wanted = List.of(System.getProperty("bench.artifacts", "jvm,native").split(","));
        Map<Artifact, List<String>> artifacts = new LinkedHashMap<>();
        if (wanted.contains("jvm")) {
            artifacts.put(Artifact.jar(), options("bench.jvm-options"));
        }
        Path executable = Path.of(System.getProperty("bench.native", "target/native-probe/akosha-sync"));
        if (!wanted.contains("native")) {
            System.out.println("FootprintBench: the jar only (bench.artifacts)");
        } else if (Files.isExecutable(executable)) {
            artifacts.put(Artifact.nativeExecutable(executable), options("bench.native-options"));
        } else {
            System.out.println("FootprintBench: no native executable at " + executable + "; the jar only");
        }
        Path data = Files.createDirectories(work.resolve("data"));
        TestFiles.writePseudoRandom(data.resolve("small.duckdb"), 64 * 1024);
        for (long mb : SESSION_MB) {
            Path file = data.resolve("session-" + mb + "mb.duckdb");
            if (!Files.exists(file) || Files.size(file) != mb * 1_000_000) {
                TestFiles.writePseudoRandom(file, mb * 1_000_000);
            }
        }
        s3 = S3ProxyServer.start(work.resolve("s3proxy"), System.getProperty("bench.s3proxy-heap", "3g"));
        try (S3Client client = S3ProxyServer.client(s3.endpoint())) {
            client.createBucket(b -> b.bucket(BUCKET));
            for (var artifact : artifacts.entrySet()) {
                measure(artifact.getKey(), artifact.getValue(), data, client);
            }
        } finally {
            s3.close();
        }
        String table = String.join("\n", List.of(
                "| artifact (options) | exec to ready, median ms [min-max] | exec to first 202, median ms [min-max]"
                        + " | RSS after ready, median MB | idle RSS before uploads, MB | "
                        + String.join(" | ", SESSION_MB.stream().map(mb -> "peak RSS delivering " + mb
                                + " MB, MB (growth)").toList()) + " | " + String.join(" | ", SESSION_MB.stream()
                                .map(mb -> mb + " MB event to delivered, s").toList()) + " | upload retries |",
                "|" + "---|".repeat(6 + 2 * SESSION_MB.size())))
                + "\n" + String.join("\n", rows) + "\n";
        Files.writeString(work.resolveSibling("footprint.md"), table);
        System.out.println("FootprintBench results (target/bench/footprint.md):\n" + table);
    }

    private void measure(Artifact artifact, List<String> options, Path data, S3Client client) throws Exception {
        List<Long> ready = new ArrayList<>();
        List<Long> readyRss = new ArrayList<>();
        List<Long> accepted = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            try (SidecarProcess sidecar = start(artifact, options, data, "ready-" + run)) {
                long start = System.nanoTime();
                while (status(sidecar, "GET", "/q/health/ready") != 200) {
                    Thread.sleep(2);
                }
                ready.add((System.nanoTime() - start) / 1_000_000);
                readyRss.add(sidecar.rssKib());
            }
            try (SidecarProcess sidecar = start(artifact, options, data, "accept-" + run)) {
                long start = System.nanoTime();
                while (status(sidecar, "POST", "/v1/sessions/footprint-" + run + "/end") != 202) {
                    Thread.sleep(2);
                }
                accepted.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        List<String> peaks = new ArrayList<>();
        List<String> seconds = new ArrayList<>();
        long idle;
        try (SidecarProcess sidecar = start(artifact, options, data, "uploads")) {
            sidecar.awaitReady(Duration.ofSeconds(60));
            Thread.sleep(2000); // what start-up left behind settles
            idle = sidecar.rssKib();
            for (long mb : SESSION_MB) {
                long before = sidecar.rssKib();
                sidecar.resetPeakRss();
                long start = System.nanoTime();
                JsonNode sync = deliver(sidecar, "session-" + mb + "mb.duckdb");
                seconds.add(String.format("%.1f", (System.nanoTime() - start) / 1e9));
                long peak = sidecar.peakRssKib();
                peaks.add(String.format("%d (+%d)", peak / 1024, (peak - before) / 1024));
                S3ProxyServer.deleteAll(client, BUCKET, sync.get("manifest_key").asText().replace("manifest.json", ""));
            }
        }
        long retries = Files.readAllLines(work.resolve(artifact.label() + "-uploads.log")).stream()
                .filter(line -> line.contains("Retrying the cloud upload")).count();
        rows.add("| " + artifact.label() + " (" + (options.isEmpty() ? "defaults" : String.join(" ", options)) + ") | "
                + spread(ready) + " | " + spread(accepted) + " | " + median(readyRss) / 1024 + " | " + idle / 1024
                + " | " + String.join(" | ", peaks) + " | " + String.join(" | ", seconds) + " | " + retries + " |");
        System.out.println("FootprintBench " + rows.get(rows.size() - 1));
    }

    private SidecarProcess start(Artifact artifact, List<String> options, Path data, String name) throws Exception {
        Path spool = work.resolve(artifact.label() + "-spool-" + name);
        TestFiles.deleteTree(spool); // a journal from an earlier run would answer these session ends from memory
        Map<String, String> config = S3ProxyServer.sidecarConfig(BUCKET, s3.port());
        config.put("akosha.data-dir", data.toString());
        config.put("akosha.spool-dir", spool.toString());
        config.put("akosha.system-id", "footprint-" + artifact.label());
        config.put("akosha.dedup.enabled", "false");
        // the native executable's uploads meet intermittent "Error writing request body to server" (README,
        // Native): retried and resumed rather than parked by the breaker, so the memory of a whole upload is seen
        config.put("akosha.upload.max-retries", "20");
        config.put("quarkus.fault-tolerance.\"io.akosha.sync.pipeline.CloudPath/upload\".circuit-breaker"
                + ".request-volume-threshold", "1000");
        return SidecarProcess.start(artifact, List.of(), options, work.resolve(artifact.label() + "-" + name + ".log"),
                ConfigErrorIT.freePort(), config);
    }

    private JsonNode deliver(SidecarProcess sidecar, String file) throws Exception {
        HttpResponse<String> response = sidecar.post("/v1/sessions/footprint-upload-" + session++ + "/end",
                "{\"files\":[\"" + file + "\"]}");
        assertEquals(202, response.statusCode(), response.body());
        return sidecar.awaitStatus(UploadVerifier.json(response.body()).get("sync_id").asText(), "delivered");
    }

    /** The answer's status, or 0 while the process does not listen yet. */
    private static int status(SidecarProcess sidecar, String method, String path) throws InterruptedException {
        try {
            return (method.equals("GET") ? sidecar.get(path)
                    : sidecar.post(path, "{\"files\":[\"small.duckdb\"]}")).statusCode();
        } catch (IOException notYet) {
            return 0;
        }
    }

    private static List<String> options(String property) {
        String value = System.getProperty(property, "").trim();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }

    private static String spread(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return median(values) + " [" + sorted.get(0) + "-" + sorted.get(sorted.size() - 1) + "]";
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}

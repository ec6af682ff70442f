package io.akosha.sync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.SessionBuddyDb;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The shaped-link goal of issue 20: a two-file session (session-buddy-shaped DuckDB files, {@code bench.shaped-mb},
 * default targets 64 + 26 MB, which DuckDB's checkpoints make 74 + 28 MB) delivered by the packaged sidecar (bench
 * JVM options, the default compression, gzip; event to delivered) in at most 0.9 × the time of {@code rclone copy
 * --ignore-times} of the same two files to the same S3Proxy, over a link of 100 Mbit/s and of 10 Mbit/s
 * ({@code bench.shaped-rates}): {@link LinkShaper} puts {@code tc htb} on S3Proxy's port. Must run inside a private network namespace (it refuses otherwise):
 * {@code src/bench/run.sh} runs it as {@code unshare -rn sh -c 'ip link set lo up && ./mvnw -o -Pbench verify
 * -Dit.test=ShapedLinkBench'}. Prints the times, the stored bytes and the bytes on the wire (IP packets to the
 * port), and writes the rows to {@code target/bench/summary.md}.
 */
class ShapedLinkBench {

    static final List<Long> FILE_MB = List.of(System.getProperty("bench.shaped-mb", "64,26").split(",")).stream()
            .map(s -> Long.parseLong(s.strip())).toList();
    static final List<String> RATES = List.of(System.getProperty("bench.shaped-rates", "100mbit,10mbit").split(","));
    static final int RUNS = Integer.getInteger("bench.shaped-runs", 2);
    /** Extra sidecar settings for experiments, {@code key=value,key=value} (e.g. akosha.upload.parallel-parts=4). */
    static final String EXTRA = System.getProperty("bench.shaped-config", "");
    static final String BUCKET = "shaped";

    private final Path work = BenchSupport.DIR.resolve("shaped");
    private S3ProxyServer s3;
    private int session;

    @Test
    void twoFileSessionOverAShapedLink() throws Exception {
        String refusal = LinkShaper.refusal();
        if (refusal != null) {
            System.out.println("ShapedLinkBench skipped: " + refusal);
        }
        assumeTrue(refusal == null, () -> "ShapedLinkBench skipped: " + refusal);
        Path data = Files.createDirectories(work.resolve("data"));
        List<String> names = new ArrayList<>();
        long original = 0;
        for (int i = 0; i < FILE_MB.size(); i++) {
            names.add(generate(data.resolve("session-" + i + ".duckdb"), FILE_MB.get(i)));
            original += Files.size(data.resolve(names.get(i)));
        }
        s3 = S3ProxyServer.start(work.resolve("s3proxy"), System.getProperty("bench.s3proxy-heap", "2g"));
        try (S3Client client = S3ProxyServer.client(s3.endpoint());
                SidecarProcess sidecar = BenchSupport.sidecar(work.resolve("sidecar.log"), ConfigErrorIT.freePort(),
                        config(data))) {
            client.createBucket(b -> b.bucket(BUCKET));
            sidecar.awaitReady(Duration.ofSeconds(60));
            deleteAll(client, sync(sidecar, names)); // warm-up (JIT, connections), unshaped, not measured
            try (LinkShaper link = LinkShaper.shape(s3.port(), RATES.get(0), work.resolve("tc.log"))) {
                for (String rate : RATES) {
                    link.rate(rate);
                    measure(rate, link, sidecar, client, data, names, original);
                }
            }
        } finally {
            s3.close();
        }
    }

    private void measure(String rate, LinkShaper link, SidecarProcess sidecar, S3Client client, Path data,
            List<String> names, long original) throws Exception {
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        List<Double> ourFirst = new ArrayList<>();
        List<Double> theirFirst = new ArrayList<>();
        long stored = 0;
        long ourWire = 0;
        long theirWire = 0;
        for (int run = 0; run < RUNS; run++) {
            long before = link.bytesToPort();
            LinkShaper.FirstByte first = link.watchFirstByte();
            long start = System.nanoTime();
            rclone(data, rate + "-" + run + "-" + System.nanoTime());
            theirs.add((System.nanoTime() - start) / 1e9);
            theirFirst.add(first.seconds());
            theirWire = link.bytesToPort() - before;
            S3ProxyServer.deleteAll(client, BUCKET, "rclone/");

            before = link.bytesToPort();
            first = link.watchFirstByte();
            start = System.nanoTime();
            JsonNode sync = sync(sidecar, names);
            ours.add((System.nanoTime() - start) / 1e9);
            ourFirst.add(first.seconds());
            ourWire = link.bytesToPort() - before;
            stored = 0;
            for (JsonNode f : sync.get("files")) {
                stored += f.get("stored_bytes").asLong();
            }
            deleteAll(client, sync);
            System.out.printf("ShapedLinkBench %s run %d: akosha-sync %.2f s (first 64 KiB on the wire after %.2f s;"
                    + " %s MB stored, %s MB on the wire), rclone %.2f s (first after %.2f s; %s MB on the wire)%n",
                    rate, run, ours.get(run), ourFirst.get(run), BenchSupport.mb(stored), BenchSupport.mb(ourWire),
                    theirs.get(run), theirFirst.get(run), BenchSupport.mb(theirWire));
        }
        double sidecarSeconds = BenchSupport.median(ours);
        double rcloneSeconds = BenchSupport.median(theirs);
        double ratio = sidecarSeconds / rcloneSeconds;
        BenchSupport.report(String.format("shaped link %s: the %d-file session (%s MB) in ≤ 0.9 × rclone's time",
                rate, names.size(), BenchSupport.mb(original)),
                String.format("tc htb on S3Proxy's port, private netns; median of %d; gzip (default)%s", RUNS,
                        EXTRA.isBlank() ? "" : ", " + EXTRA),
                String.format("%.2f s event to delivered (first bytes on the wire after %.2f s), %s MB stored, %s MB"
                        + " on the wire", sidecarSeconds, BenchSupport.median(ourFirst), BenchSupport.mb(stored),
                        BenchSupport.mb(ourWire)),
                String.format("rclone copy %.2f s (first bytes after %.2f s), %s MB on the wire", rcloneSeconds,
                        BenchSupport.median(theirFirst), BenchSupport.mb(theirWire)),
                String.format("%.2f × rclone's time (%s)", ratio, ratio <= 0.9 ? "met" : "missed"));
    }

    private Map<String, String> config(Path data) throws Exception {
        Path spool = work.resolve("spool");
        TestFiles.deleteTree(spool);
        Map<String, String> config = new HashMap<>();
        config.put("akosha.data-dir", data.toString());
        config.put("akosha.spool-dir", spool.toString());
        config.put("akosha.system-id", "bench");
        config.put("akosha.dedup.enabled", "false"); // every run sends the files again
        config.putAll(S3ProxyServer.sidecarConfig(BUCKET, s3.port()));
        config.put("quarkus.log.category.\"io.akosha\".level", "WARN");
        for (String setting : EXTRA.split(",")) {
            if (!setting.isBlank()) {
                config.put(setting.substring(0, setting.indexOf('=')).strip(), setting.substring(setting.indexOf('=') + 1));
            }
        }
        return config;
    }

    /** One session end of every file, awaited until delivered. */
    private JsonNode sync(SidecarProcess sidecar, List<String> names) throws Exception {
        String files = String.join("\",\"", names);
        var response = sidecar.post("/v1/sessions/shaped-" + System.nanoTime() + "-" + session++ + "/end",
                "{\"files\":[\"" + files + "\"]}");
        assertEquals(202, response.statusCode(), response.body());
        JsonNode sync = sidecar.awaitStatus(UploadVerifier.json(response.body()).get("sync_id").asText(), "delivered");
        assertEquals("s3", sync.get("delivered_via").asText());
        return sync;
    }

    private void rclone(Path data, String prefix) throws Exception {
        BenchSupport.run(List.of("rclone", "copy", "--ignore-times", data.toString(), "bench:" + BUCKET + "/rclone/"
                + prefix + "/"), Map.of("RCLONE_CONFIG", work.resolve("rclone.conf").toString(),
                "RCLONE_CONFIG_BENCH_TYPE", "s3", "RCLONE_CONFIG_BENCH_PROVIDER", "Other",
                "RCLONE_CONFIG_BENCH_ENDPOINT", s3.endpoint(), "RCLONE_CONFIG_BENCH_REGION", S3ProxyServer.REGION,
                "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY,
                "RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE", "true"), work.resolve("rclone.log"));
    }

    private static void deleteAll(S3Client client, JsonNode sync) {
        S3ProxyServer.deleteAll(client, BUCKET, sync.get("manifest_key").asText().replace("manifest.json", ""));
    }

    /** A session-buddy-shaped database of about {@code megabytes}, kept for the next run; returns its name. */
    private static String generate(Path file, long megabytes) throws Exception {
        long target = megabytes * 1_000_000;
        if (!Files.exists(file) || Files.size(file) < target || Files.size(file) > target + target / 5 + 4_000_000) {
            SessionBuddyDb.create(file, target);
        }
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
        return file.getFileName().toString();
    }
}

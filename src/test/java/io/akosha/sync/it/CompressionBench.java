package io.akosha.sync.it;

import io.akosha.sync.compress.Compression;
import io.akosha.sync.compress.CompressionConfig;
import io.akosha.sync.digest.Digests;
import io.akosha.sync.support.SessionBuddyDb;
import io.akosha.sync.upload.CompressionPipeline;
import io.akosha.sync.upload.ObjectSink;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Throughput and size of each stored format on a session-buddy-shaped DuckDB file (text plus 384-float
 * embeddings, {@code bench.compression-mb}, default 100 MB): the sidecar's own pipeline ({@link CompressionPipeline},
 * SHA-256 included, the default thread count) into a sink that drops the bytes, best of {@code bench.runs} (3).
 * Measures gzip at levels 1, 3, 6 and 9, zstd and none, in MB of original bytes per wall second and per CPU second
 * of the whole JVM. Prints a markdown table and writes it to {@code target/bench/compression.md}. Run by
 * {@code src/bench/run.sh}, or alone: {@code src/bench/run.sh -Dit.test=CompressionBench}.
 */
class CompressionBench {

    static final long MB = 1_000_000;

    @Test
    void formats() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Path file = dir.resolve("compression.duckdb");
        long target = Long.getLong("bench.compression-mb", 100) * MB;
        if (!Files.exists(file) || Math.abs(Files.size(file) - target) > target / 4) {
            Files.deleteIfExists(file);
            SessionBuddyDb.create(file, target);
        }
        int runs = Integer.getInteger("bench.runs", 3);
        List<String> rows = new ArrayList<>();
        rows.add(String.format("Compression on %s (%.1f MB, session-buddy-shaped), %d cores, best of %d:",
                file.getFileName(), Files.size(file) / 1e6, Runtime.getRuntime().availableProcessors(), runs));
        rows.add("");
        rows.add("| format | stored | saved | MB/s (wall) | MB/s per CPU second |");
        rows.add("|---|---|---|---|---|");
        for (String variant : List.of("gzip-1", "gzip-3", "gzip-6", "gzip-9", "zstd", "none")) {
            Compression format = Compression.valueOf(variant.replaceAll("-.*", "").toUpperCase());
            int level = variant.contains("-") ? Integer.parseInt(variant.substring(variant.indexOf('-') + 1)) : 6;
            CompressionPipeline pipeline = new CompressionPipeline(config(format, level)); // daemon workers
            double bestWall = Double.MAX_VALUE;
            double bestCpu = Double.MAX_VALUE;
            long stored = 0;
            for (int i = 0; i < runs; i++) {
                long cpu = cpuNanos();
                long start = System.nanoTime();
                try (InputStream in = Files.newInputStream(file)) {
                    stored = pipeline.stream(in, new CountingSink(), format, 1 << 20, Digests.sha256(), () -> {
                    }).stored();
                }
                bestWall = Math.min(bestWall, (System.nanoTime() - start) / 1e9);
                bestCpu = Math.min(bestCpu, (cpuNanos() - cpu) / 1e9);
            }
            long original = Files.size(file);
            rows.add(String.format("| %s | %.1f MB | %.1f %% | %.0f | %.0f |", variant, stored / 1e6,
                    100.0 * (original - stored) / original, original / 1e6 / bestWall, original / 1e6 / bestCpu));
        }
        String table = String.join("\n", rows);
        System.out.println(table);
        Files.writeString(dir.resolve("compression.md"), table + "\n");
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static CompressionConfig config(Compression format, int level) {
        return new CompressionConfig() {
            @Override
            public Compression compression() {
                return format;
            }

            @Override
            public int compressionLevel() {
                return level;
            }

            @Override
            public OptionalInt compressionThreads() {
                return OptionalInt.empty();
            }

            @Override
            public OptionalInt compressionBuffers() {
                return OptionalInt.empty();
            }
        };
    }

    /** Drops what it is given: the benchmark measures the pipeline, not a store. */
    private static final class CountingSink implements ObjectSink {
        @Override
        public void write(byte[] chunk, int offset, int length) {
        }

        @Override
        public int commit() {
            return 1;
        }

        @Override
        public void close() {
        }
    }
}

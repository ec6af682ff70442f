package io.akosha.sync.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/** Large test files, written in blocks so that the test JVM never holds one in memory; work trees removed. */
public final class TestFiles {

    /**
     * The tests' own temporary directory ({@code target/tmp}, which the build makes and passes as
     * {@code java.io.tmpdir}) handed on to the processes they start: the sidecar (DuckDB unpacks its library there),
     * the commands, the S3 servers. Nothing a test run writes stays in /tmp.
     */
    public static final String TMPDIR_OPTION = "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir");

    private TestFiles() {
    }

    /** Mildly compressible bytes (16 symbols at random, about 2:1 with gzip), reproducible from the seed. */
    public static void writePseudoRandom(Path file, long size) throws Exception {
        Random random = new Random(42);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                for (int i = 0; i < block.length; i++) {
                    block[i] = (byte) ('a' + random.nextInt(16));
                }
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    /** Random bytes that no compressor shrinks: the stored (sent) size is the file's size. */
    public static void writeIncompressible(Path file, long size) throws Exception {
        Random random = new Random(7);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    /** Removes {@code dir} and everything under it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}

package io.akosha.sync.support;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Large test files, written in blocks so that the test JVM never holds one in memory. */
public final class TestFiles {

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
}

package io.akosha.sync.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ChunkCompressorTest {

    @Test
    void membersConcatenateIntoOneGzipFile() throws Exception {
        byte[] original = new byte[3 * 100_000 + 17];
        Random random = new Random(7);
        for (int i = 0; i < original.length; i++) {
            original[i] = (byte) ('a' + random.nextInt(5));
        }
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        int members = 0;
        try (ChunkCompressor compressor = new ChunkCompressor(Compression.GZIP, 6, 100_000)) {
            byte[] chunk = new byte[100_000];
            for (int off = 0; off < original.length; off += chunk.length) {
                int n = Math.min(chunk.length, original.length - off);
                System.arraycopy(original, off, chunk, 0, n);
                compressor.compress(chunk, n);
                stored.write(compressor.buffer(), 0, compressor.length());
                members++;
            }
        }
        assertEquals(4, members);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(stored.toByteArray()))) {
            assertArrayEquals(original, in.readAllBytes());
        }
    }

    @Test
    void emptyInputIsOneValidEmptyMember() throws Exception {
        try (ChunkCompressor compressor = new ChunkCompressor(Compression.GZIP, 6, 1024)) {
            compressor.compress(new byte[0], 0);
            byte[] member = Arrays.copyOf(compressor.buffer(), compressor.length());
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(member))) {
                assertEquals(0, in.readAllBytes().length);
            }
        }
    }

    @Test
    void incompressibleChunkGrowsTheBufferInsteadOfFailing() throws Exception {
        byte[] noise = new byte[64 * 1024];
        new Random(1).nextBytes(noise);
        try (ChunkCompressor compressor = new ChunkCompressor(Compression.GZIP, 9, noise.length)) {
            compressor.compress(noise, noise.length);
            byte[] member = Arrays.copyOf(compressor.buffer(), compressor.length());
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(member))) {
                assertArrayEquals(noise, in.readAllBytes());
            }
        }
    }

    @Test
    void noneStoresTheBytesAsTheyAre() {
        try (ChunkCompressor compressor = new ChunkCompressor(Compression.NONE, 6, 4)) {
            compressor.compress(new byte[] {1, 2, 3}, 3);
            assertEquals(3, compressor.length());
            assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOf(compressor.buffer(), 3));
        }
    }
}

package io.akosha.sync.upload;

import io.akosha.sync.compress.ChunkCompressor;
import io.akosha.sync.compress.Compression;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akosha.sync.support.Tools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ChunkCompressorTest {

    @Test
    void membersConcatenateIntoOneGzipFile() throws Exception {
        byte[] original = letters(3 * 100_000 + 17, 5);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (ChunkCompressor compressor = new ChunkCompressor(Compression.GZIP, 6, 100_000)) {
            assertEquals(4, compressInChunks(compressor, original, 100_000, stored));
        }
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

    @Test
    void zstdFramesConcatenateIntoOneZstdFile() throws Exception {
        byte[] original = letters(5 * 70_000 + 3, 7);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (ChunkCompressor compressor = new ChunkCompressor(Compression.ZSTD, 6, 70_000)) {
            assertEquals(6, compressInChunks(compressor, original, 70_000, stored));
            compressor.compress(new byte[0], 0); // an empty frame at the end changes nothing
            stored.write(compressor.buffer(), 0, compressor.length());
        }
        assertTrue(stored.size() < original.length / 2, "compressed: " + stored.size());
        try (InputStream in = Compression.ZSTD.decode(new ByteArrayInputStream(stored.toByteArray()))) {
            assertArrayEquals(original, in.readAllBytes());
        }
        if (Tools.available("zstd")) { // the reference decoder reads the concatenated frames too
            Path file = Files.createTempFile("frames", ".zst");
            Files.write(file, stored.toByteArray());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(original)),
                    Tools.run("sh", "-c", "zstd -dc '" + file + "' | sha256sum | cut -d' ' -f1"));
        }
    }

    @Test
    void aDamagedZstdFrameIsAnIoException() throws Exception {
        byte[] original = new byte[200_000];
        new Random(3).nextBytes(original);
        try (ChunkCompressor compressor = new ChunkCompressor(Compression.ZSTD, 6, original.length)) {
            compressor.compress(original, original.length);
            byte[] frame = Arrays.copyOf(compressor.buffer(), compressor.length());
            frame[frame.length / 2] ^= 1;
            try (InputStream in = Compression.ZSTD.decode(new ByteArrayInputStream(frame))) {
                assertThrows(IOException.class, in::readAllBytes);
            }
        }
    }

    /** Text-like bytes: {@code size} letters out of the first {@code alphabet} of the alphabet. */
    private static byte[] letters(int size, int alphabet) {
        byte[] bytes = new byte[size];
        Random random = new Random(size);
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + random.nextInt(alphabet));
        }
        return bytes;
    }

    /** Compresses {@code original} chunk by chunk into {@code stored}; returns the number of members. */
    private static int compressInChunks(ChunkCompressor compressor, byte[] original, int chunkSize,
            ByteArrayOutputStream stored) {
        byte[] chunk = new byte[chunkSize];
        int members = 0;
        for (int off = 0; off < original.length; off += chunkSize) {
            int n = Math.min(chunkSize, original.length - off);
            System.arraycopy(original, off, chunk, 0, n);
            compressor.compress(chunk, n);
            stored.write(compressor.buffer(), 0, compressor.length());
            members++;
        }
        return members;
    }
}

package io.akosha.sync.upload;

import io.akosha.sync.compress.CompressionConfig;
import io.akosha.sync.compress.Compression;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akosha.sync.digest.Digests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parallel pipeline writes members in file order, hashes the original bytes, and stays bounded. */
class CompressionPipelineTest {

    private static final int CHUNK = 64 * 1024;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void membersArriveInFileOrderWhateverTheFormat(Compression format) throws Exception {
        for (int size : new int[] {0, 1, CHUNK, 3 * CHUNK, 37 * CHUNK + 5}) {
            byte[] original = sessionLike(size);
            MemorySink sink = new MemorySink();
            MessageDigest sha = Digests.sha256();
            CompressionPipeline.Streamed streamed;
            CompressionPipeline pipeline = new CompressionPipeline(config(3, 5));
            try {
                streamed = pipeline.stream(new ByteArrayInputStream(original), sink, format, CHUNK, sha, () -> { });
            } finally {
                pipeline.stop();
            }
            assertEquals(size, streamed.original());
            assertEquals(sink.bytes.size(), streamed.stored());
            assertEquals(hex(original), Digests.hex(sha));
            try (InputStream in = format.decode(new ByteArrayInputStream(sink.bytes.toByteArray()))) {
                assertArrayEquals(original, in.readAllBytes(), format + ", " + size + " bytes");
            }
            if (format != Compression.NONE) {
                assertEquals(Math.max(1, (size + CHUNK - 1) / CHUNK), sink.writes, "one member per chunk");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7})
    void boundedBuffersOfAnySizeKeepTheOrder(int buffers) throws Exception {
        byte[] original = sessionLike(20 * CHUNK + 3);
        MemorySink sink = new MemorySink();
        CompressionPipeline pipeline = new CompressionPipeline(config(2, buffers));
        try {
            pipeline.stream(new ByteArrayInputStream(original), sink, Compression.GZIP, CHUNK, Digests.sha256(), () -> { });
        } finally {
            pipeline.stop();
        }
        try (InputStream in = Compression.GZIP.decode(new ByteArrayInputStream(sink.bytes.toByteArray()))) {
            assertArrayEquals(original, in.readAllBytes());
        }
    }

    @Test
    void aFailingSinkStopsThePipelineWithItsError() {
        CompressionPipeline pipeline = new CompressionPipeline(config(2, 4));
        try {
            MemorySink failing = new MemorySink() {
                @Override
                public void write(byte[] chunk, int offset, int length) throws IOException {
                    if (writes == 3) {
                        throw new IOException("connection reset");
                    }
                    super.write(chunk, offset, length);
                }
            };
            IOException e = assertThrows(IOException.class, () -> pipeline.stream(
                    new ByteArrayInputStream(sessionLike(30 * CHUNK)), failing, Compression.ZSTD, CHUNK,
                    Digests.sha256(), () -> { }));
            assertEquals("connection reset", e.getMessage());
            // the pool is still usable for the next file
            MemorySink sink = new MemorySink();
            assertTrue(assertDoesNotFail(() -> pipeline.stream(new ByteArrayInputStream(sessionLike(CHUNK)), sink,
                    Compression.ZSTD, CHUNK, Digests.sha256(), () -> { })).original() == CHUNK);
        } finally {
            pipeline.stop();
        }
    }

    private static <T> T assertDoesNotFail(ThrowingSupplier<T> call) {
        try {
            return call.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** Text-like bytes with some random runs, so every format has something to do. */
    private static byte[] sessionLike(int size) {
        byte[] bytes = new byte[size];
        Random random = new Random(size);
        for (int i = 0; i < size; i++) {
            bytes[i] = (i / 512) % 3 == 0 ? (byte) random.nextInt() : (byte) ('a' + random.nextInt(8));
        }
        return bytes;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(Digests.sha256().digest(bytes));
    }

    static CompressionConfig config(int threads, int buffers) {
        return new CompressionConfig() {
            @Override
            public Compression compression() {
                return Compression.GZIP;
            }

            @Override
            public int compressionLevel() {
                return 6;
            }

            @Override
            public OptionalInt compressionThreads() {
                return OptionalInt.of(threads);
            }

            @Override
            public OptionalInt compressionBuffers() {
                return OptionalInt.of(buffers);
            }
        };
    }

    private static class MemorySink implements ObjectSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;

        @Override
        public void write(byte[] chunk, int offset, int length) throws IOException {
            bytes.write(chunk, offset, length);
            writes++;
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

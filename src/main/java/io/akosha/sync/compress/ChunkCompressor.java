package io.akosha.sync.compress;

import io.airlift.compress.zstd.ZstdCompressor;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses one chunk at a time into a complete, independent member: a gzip member (RFC 1952) or a zstd
 * frame (RFC 8878, aircompressor's pure-Java encoder, level 3). Concatenated members are one valid file
 * ({@code gzip -d} / {@code zstd -d}, Python, the JDK), and each member can be produced, uploaded or resumed
 * on its own. Not thread-safe: one per worker slot.
 */
public final class ChunkCompressor implements AutoCloseable {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Compression compression;
    private final Deflater deflater;
    private final ZstdCompressor zstd;
    private final CRC32 crc = new CRC32();
    private byte[] out;
    private int length;

    public ChunkCompressor(Compression compression, int level, int chunkSize) {
        this.compression = compression;
        this.deflater = compression == Compression.GZIP ? new Deflater(level, true) : null;
        this.zstd = compression == Compression.ZSTD ? new ZstdCompressor() : null;
        this.out = new byte[zstd != null ? zstd.maxCompressedLength(chunkSize) : chunkSize + chunkSize / 16 + 64];
    }

    /** Compresses {@code input[0, n)}; the result stays valid until the next call. */
    public void compress(byte[] input, int n) {
        switch (compression) {
            case NONE -> {
                ensure(n);
                System.arraycopy(input, 0, out, 0, n);
                length = n;
            }
            case ZSTD -> {
                ensure(zstd.maxCompressedLength(n));
                length = zstd.compress(input, 0, n, out, 0, out.length);
            }
            case GZIP -> gzip(input, n);
        }
    }

    private void gzip(byte[] input, int n) {
        System.arraycopy(HEADER, 0, out, 0, HEADER.length);
        length = HEADER.length;
        deflater.reset();
        deflater.setInput(input, 0, n);
        deflater.finish();
        while (!deflater.finished()) {
            ensure(length + 8192);
            length += deflater.deflate(out, length, out.length - length);
        }
        crc.reset();
        crc.update(input, 0, n);
        ensure(length + 8);
        writeIntLe((int) crc.getValue());
        writeIntLe(n);
    }

    public byte[] buffer() {
        return out;
    }

    public int length() {
        return length;
    }

    private void writeIntLe(int v) {
        out[length++] = (byte) v;
        out[length++] = (byte) (v >>> 8);
        out[length++] = (byte) (v >>> 16);
        out[length++] = (byte) (v >>> 24);
    }

    private void ensure(int capacity) {
        if (out.length < capacity) {
            out = Arrays.copyOf(out, Math.max(capacity, out.length + out.length / 2));
        }
    }

    @Override
    public void close() {
        if (deflater != null) {
            deflater.end();
        }
    }
}

package io.akosha.sync.upload;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses one chunk at a time into a complete, independent gzip member (RFC 1952). Concatenated
 * members are one valid gzip file ({@code gzip -d}, Python's {@code gzip}, {@code GZIPInputStream}), and
 * each member can be produced, uploaded or resumed on its own. Not thread-safe: one per upload.
 */
public final class ChunkCompressor implements AutoCloseable {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final Compression compression;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private byte[] out;
    private int length;

    public ChunkCompressor(Compression compression, int level, int chunkSize) {
        this.compression = compression;
        this.deflater = compression == Compression.GZIP ? new Deflater(level, true) : null;
        this.out = new byte[chunkSize + chunkSize / 16 + 64];
    }

    /** Compresses {@code input[0, n)}; the result stays valid until the next call. */
    public void compress(byte[] input, int n) {
        if (compression == Compression.NONE) {
            ensure(n);
            System.arraycopy(input, 0, out, 0, n);
            length = n;
            return;
        }
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

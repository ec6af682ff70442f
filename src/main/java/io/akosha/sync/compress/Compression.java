package io.akosha.sync.compress;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Supported stored formats; every compressed object is a sequence of independent members / frames. */
public enum Compression {
    GZIP(".gz", "gzip", "application/gzip"),
    ZSTD(".zst", "zstd", "application/zstd"),
    NONE("", null, "application/octet-stream");

    private final String suffix;
    private final String manifestName;
    private final String contentType;

    Compression(String suffix, String manifestName, String contentType) {
        this.suffix = suffix;
        this.manifestName = manifestName;
        this.contentType = contentType;
    }

    /** Suffix of the stored object name. */
    public String suffix() {
        return suffix;
    }

    /** {@code compression_format} in the manifest, or null when not compressed. */
    public String manifestName() {
        return manifestName;
    }

    /** A manifest file entry's {@code compression}: the format's name, or {@code none}. */
    public String entryName() {
        return manifestName == null ? "none" : manifestName;
    }

    public String contentType() {
        return contentType;
    }

    /** The format a manifest file entry's {@code compression} names; null when unknown. */
    public static Compression fromEntryName(String name) {
        for (Compression c : values()) {
            if (c.entryName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Streams the original bytes of a stored object in this format (every member or frame, in order). */
    public InputStream decode(InputStream stored) throws IOException {
        return switch (this) {
            case GZIP -> new GZIPInputStream(stored, 64 * 1024);
            case ZSTD -> new ZstdDecoding(stored);
            case NONE -> stored;
        };
    }

    /** aircompressor reports damaged frames with an unchecked exception; readers expect an IOException. */
    private static final class ZstdDecoding extends FilterInputStream {

        ZstdDecoding(InputStream stored) throws IOException {
            super(new ZstdInputStream(stored));
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (MalformedInputException e) {
                throw new IOException("damaged zstd data: " + e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (MalformedInputException e) {
                throw new IOException("damaged zstd data: " + e.getMessage(), e);
            }
        }
    }
}

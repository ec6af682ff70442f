package io.akosha.sync.upload;

/** Supported stored formats. */
public enum Compression {
    GZIP(".gz", "gzip", "application/gzip"),
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

    public String contentType() {
        return contentType;
    }
}

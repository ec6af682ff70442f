package io.akosha.sync.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One file of a sync: original name and size, SHA-256 of the original bytes, what was stored and where.
 * Fields other than name and size are null until the file is stored; {@code reusedFrom} (dedup) names the upload
 * whose object was copied instead of sending the file.
 */
@RegisterForReflection
public record FileResult(String name, long size, String sha256, Long storedBytes, String objectKey, Integer parts,
        String reusedFrom) {

    public FileResult(String name, long size, String sha256, Long storedBytes, String objectKey, Integer parts) {
        this(name, size, sha256, storedBytes, objectKey, parts, null);
    }

    public static FileResult staged(String name, long size) {
        return new FileResult(name, size, null, null, null, null);
    }

    /** The same stored bytes under another key (a reused object copied into this sync's upload). */
    public FileResult at(String key) {
        return new FileResult(name, size, sha256, storedBytes, key, parts, reusedFrom);
    }

    /**
     * Whether the file was reused from an earlier upload rather than sent (dedup: it went up in no part, copied
     * inside the store).
     */
    public boolean reused() {
        return parts != null && parts == 0;
    }
}

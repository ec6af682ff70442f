package io.akosha.sync.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One file of a sync: original name and size, SHA-256 of the original bytes, what was stored and where.
 * Fields other than name and size are null until the file is stored.
 */
@RegisterForReflection
public record FileResult(String name, long size, String sha256, Long storedBytes, String objectKey, Integer parts) {

    public static FileResult staged(String name, long size) {
        return new FileResult(name, size, null, null, null, null);
    }

    /** Whether the file was reused from an earlier upload rather than sent (dedup: it went up in no part). */
    public boolean reused() {
        return parts != null && parts == 0;
    }
}

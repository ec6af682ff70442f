package io.akosha.sync.store;

import java.time.Instant;

/** A multipart upload a store has in progress; {@code initiated} may be null where the store does not tell. */
public record MultipartUpload(String key, String uploadId, Instant initiated) {
}

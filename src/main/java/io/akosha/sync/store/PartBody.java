package io.akosha.sync.store;

import io.akosha.sync.digest.Digests;

/**
 * The bytes of one request: the first {@code length} bytes of {@code buffer} (not copied; the caller keeps the
 * buffer unchanged until the request returned) and their CRC32C, base64 of the big-endian value, which a store
 * may send as the request's additional checksum.
 */
public record PartBody(byte[] buffer, int length, String crc32c) {

    public static PartBody of(byte[] buffer, int length) {
        return new PartBody(buffer, length, Digests.crc32c(buffer, length));
    }
}

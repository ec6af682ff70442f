package io.akosha.sync.upload;

import io.akosha.sync.digest.Digests;
import io.akosha.sync.store.StoredPart;

/**
 * A part the store already holds beyond the resume point (sent before a restart, its confirmation lost): reused
 * when the bytes cut now are the same, by CRC32C where it is known, else by the MD5 a plain ETag is.
 */
record HeldPart(String etag, long size, String crc32c) {

    static HeldPart of(StoredPart there, String recordedCrc32c) {
        return new HeldPart(there.etag(), there.size(), there.crc32c() != null ? there.crc32c() : recordedCrc32c);
    }

    boolean matches(byte[] buffer, int length, String checksum) {
        if (size != length) {
            return false;
        }
        if (crc32c != null) {
            return crc32c.equals(checksum);
        }
        String plain = StoredPart.unquoted(etag);
        return plain.length() == 32 && plain.equalsIgnoreCase(Digests.md5Hex(buffer, length));
    }
}

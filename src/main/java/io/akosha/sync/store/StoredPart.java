package io.akosha.sync.store;

/**
 * A part a store holds for a multipart upload.
 *
 * @param etag   as the store answered it (quotes and all)
 * @param crc32c base64 CRC32C of its bytes, when the store keeps it; null otherwise
 */
public record StoredPart(int number, String etag, long size, String crc32c) {

    /** Whether two ETags name the same bytes (stores differ in quoting them). */
    public static boolean sameEtag(String a, String b) {
        return a != null && b != null && unquoted(a).equals(unquoted(b));
    }

    public static String unquoted(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }
}

package io.akosha.sync.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;

/**
 * How far the current attempt got with one object, journaled so that a restart continues instead of starting
 * over: the multipart upload it belongs to and the parts the store confirmed, each with the input range it
 * holds; or, once the object is complete, what was stored.
 *
 * @param key      object key
 * @param cutting  how the input was cut and compressed ({@code format/level/chunk/part}); parts are reused
 *                 only when it is unchanged, because only then is the same input cut into the same parts
 * @param multipartId multipart upload id, null for an object sent in one request (or when it must start over)
 * @param parts    parts confirmed by the store, in part-number order
 * @param stored   the complete object; null while it is being sent
 */
@RegisterForReflection
public record ObjectProgress(String key, String cutting, String multipartId, List<PartDone> parts, FileResult stored) {

    public ObjectProgress {
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    public static ObjectProgress started(String key, String cutting, String multipartId) {
        return new ObjectProgress(key, cutting, multipartId, List.of(), null);
    }

    public ObjectProgress withPart(PartDone part) {
        List<PartDone> next = new ArrayList<>(parts.size() + 1);
        for (PartDone p : parts) {
            if (p.number() != part.number()) {
                next.add(p);
            }
        }
        next.add(part);
        next.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return new ObjectProgress(key, cutting, multipartId, next, null);
    }

    public ObjectProgress completed(FileResult result) {
        return new ObjectProgress(key, cutting, multipartId, List.of(), result);
    }

    public boolean complete() {
        return stored != null;
    }

    /**
     * One part the store confirmed.
     *
     * @param inputStart offset in the original file where the part's input begins
     * @param inputEnd   offset just after its input
     * @param size       bytes sent (compressed)
     * @param crc32c     base64 CRC32C of the bytes sent
     */
    @RegisterForReflection
    public record PartDone(int number, String etag, String crc32c, long inputStart, long inputEnd, long size) {
    }
}

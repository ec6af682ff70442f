package io.akosha.sync.upload;

import io.akosha.sync.sync.ObjectProgress;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where uploads go (think Litestream's ReplicaClient): an S3-compatible bucket or a local directory, with
 * the same keys. Objects become visible only on {@link ObjectSink#commit()}; the manifest is written last.
 */
public interface Destination {

    /** Short name shown in a sync's {@code delivered_via}: {@code s3} or {@code local}. */
    String name();

    /** Opens a streamed object; nothing is visible under {@code key} until {@link ObjectSink#commit()}. */
    ObjectSink open(String key, String contentType) throws IOException;

    /**
     * Opens a streamed object that continues what an earlier attempt sent, as far as the destination can
     * (see {@link ObjectSink#resumeOffset()}); destinations that cannot resume start over.
     */
    default ObjectSink open(String key, String contentType, Resumable resumable) throws IOException {
        return open(key, contentType);
    }

    /**
     * Gives up objects an attempt left incomplete (the sync went another way or is cut anew), so that nothing
     * half-sent stays behind.
     */
    default void abandon(List<ObjectProgress> objects) {
    }

    /** A cheap check that the destination is there and usable (for readiness); throws when it is not. */
    void probe() throws IOException;

    /** Writes a small object in one go (the manifest). */
    void put(String key, byte[] content, String contentType) throws IOException;

    /** Keys of the visible objects under {@code prefix}, in key order (for restore and verify). */
    List<String> list(String prefix) throws IOException;

    /** Streams one object; the caller closes the stream. */
    InputStream read(String key) throws IOException;

    /** Whether a visible object has this key (dedup checks an earlier object is still there). */
    default boolean exists(String key) throws IOException {
        return list(key).contains(key);
    }
}

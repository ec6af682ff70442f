package io.akosha.sync.upload;

import java.io.IOException;

/**
 * A streamed object being written. {@link #write} takes whole chunks (one independently compressed member
 * each), so an object split into parts always splits between members. Closing a sink that was not
 * committed discards what was written (aborts the multipart upload, deletes the temporary file).
 */
public interface ObjectSink extends AutoCloseable {

    void write(byte[] chunk, int offset, int length) throws IOException;

    /**
     * Writes a chunk whose input ends at {@code inputEnd} (offset in the original file), so that a part can
     * record which input it holds.
     */
    default void write(byte[] chunk, int offset, int length, long inputEnd) throws IOException {
        write(chunk, offset, length);
    }

    /** Offset in the input (always at a chunk boundary) up to which an earlier attempt's parts are kept. */
    default long resumeOffset() {
        return 0;
    }

    /** Bytes stored by the kept parts of an earlier attempt. */
    default long resumedBytes() {
        return 0;
    }

    /** Makes the object visible under its key and returns how many parts it was sent in. */
    int commit() throws IOException;

    @Override
    void close();
}

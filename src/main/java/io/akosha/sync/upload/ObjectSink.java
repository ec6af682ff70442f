package io.akosha.sync.upload;

import java.io.IOException;

/**
 * A streamed object being written. {@link #write} takes whole chunks (one independently compressed member
 * each), so an object split into parts always splits between members. Closing a sink that was not
 * committed discards what was written (aborts the multipart upload, deletes the temporary file).
 */
public interface ObjectSink extends AutoCloseable {

    void write(byte[] chunk, int offset, int length) throws IOException;

    /** Makes the object visible under its key and returns how many parts it was sent in. */
    int commit() throws IOException;

    @Override
    void close();
}

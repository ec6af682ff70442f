package io.akosha.sync.fallback;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A request body {@link StreamingHttp} sends, written by the caller's thread while it is sent, never held in memory
 * whole: either of known length (sent with {@code Content-Length}) or written on the fly (sent chunked).
 */
public interface StreamedBody {

    String contentType();

    /** The length in bytes, or -1 when it is known only once written: the body is then sent chunked. */
    long length();

    /**
     * Writes the whole body to {@code out} (without closing it), on the calling thread. {@code out} blocks while the
     * connection does not take more, and fails when the exchange is over (cut, reset, or answered already).
     */
    void writeTo(OutputStream out) throws IOException;
}

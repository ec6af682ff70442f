package io.akosha.sync.fallback;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes a {@code multipart/form-data} body (RFC 7578) part by part onto a stream, as the parts are produced: the
 * boundaries and part headers are written here, each part's content by the caller in between. Nothing is buffered
 * and no length is needed up front.
 */
final class FormData {

    private static final String CRLF = "\r\n";

    private final String boundary = "akosha-sync-" + UUID.randomUUID();

    /** The request's {@code Content-Type}, with this body's boundary. */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** Opens a part: its delimiter and headers; its content follows, then {@link #endPart}. */
    void startPart(OutputStream out, String name, String filename, String contentType) throws IOException {
        out.write(("--" + boundary + CRLF + "Content-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + filename + "\"" + CRLF + "Content-Type: " + contentType + CRLF + CRLF)
                .getBytes(StandardCharsets.UTF_8));
    }

    void endPart(OutputStream out) throws IOException {
        out.write(CRLF.getBytes(StandardCharsets.US_ASCII));
    }

    /** The closing delimiter: the body is complete. */
    void finish(OutputStream out) throws IOException {
        out.write(("--" + boundary + "--" + CRLF).getBytes(StandardCharsets.US_ASCII));
    }
}

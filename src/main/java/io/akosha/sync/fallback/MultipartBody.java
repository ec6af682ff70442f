package io.akosha.sync.fallback;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578) of in-memory parts and files, with its exact length up front (sent
 * as {@code Content-Length}); files are streamed from disk in 64 KiB reads.
 */
public final class MultipartBody implements StreamedBody {

    /** A string, not a Buffer: a Vert.x buffer must not be built into the native image's heap. */
    private static final String CRLF = "\r\n";
    private static final int READ_SIZE = 64 * 1024;

    private record Part(Buffer head, Buffer inline, Path file, long size) {
    }

    private final String boundary = "akosha-sync-" + UUID.randomUUID();
    private final List<Part> parts = new ArrayList<>();

    public MultipartBody inline(String name, String filename, String contentType, byte[] content) {
        parts.add(new Part(head(name, filename, contentType), Buffer.buffer(content), null, content.length));
        return this;
    }

    public MultipartBody file(String name, String filename, String contentType, Path file) throws IOException {
        parts.add(new Part(head(name, filename, contentType), null, file, Files.size(file)));
        return this;
    }

    @Override
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    @Override
    public long length() {
        long length = closing().length();
        for (Part part : parts) {
            length += part.head().length() + part.size() + CRLF.length();
        }
        return length;
    }

    @Override
    public Future<Void> writeTo(Vertx vertx, WriteStream<Buffer> out) {
        Future<Void> written = Future.succeededFuture();
        for (Part part : parts) {
            written = written.compose(v -> out.write(part.head()))
                    .compose(v -> part.file() == null ? out.write(part.inline()) : stream(vertx, part.file(), out))
                    .compose(v -> out.write(Buffer.buffer(CRLF)));
        }
        return written.compose(v -> out.write(closing()));
    }

    private static Future<Void> stream(Vertx vertx, Path file, WriteStream<Buffer> out) {
        return vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
                .compose(f -> f.setReadBufferSize(READ_SIZE).pipe().endOnComplete(false).endOnFailure(false).to(out)
                        .andThen(done -> f.close()));
    }

    private Buffer head(String name, String filename, String contentType) {
        return Buffer.buffer("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + filename + "\"\r\nContent-Type: " + contentType + "\r\n\r\n", StandardCharsets.UTF_8.name());
    }

    private Buffer closing() {
        return Buffer.buffer("--" + boundary + "--\r\n");
    }
}

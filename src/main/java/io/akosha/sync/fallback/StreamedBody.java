package io.akosha.sync.fallback;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/** A request body of known length that {@link StreamingHttp} streams, with backpressure, never held in memory whole. */
public interface StreamedBody {

    String contentType();

    long length();

    /** Writes the whole body to {@code out}, without ending it; file reads go through Vert.x's non-blocking files. */
    Future<Void> writeTo(Vertx vertx, WriteStream<Buffer> out);
}

package io.akosha.sync.fallback;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/** A small request body held in memory (a JSON-RPC message), written in one piece. */
public record BytesBody(String contentType, byte[] bytes) implements StreamedBody {

    @Override
    public long length() {
        return bytes.length;
    }

    @Override
    public Future<Void> writeTo(Vertx vertx, WriteStream<Buffer> out) {
        return out.write(Buffer.buffer(bytes));
    }
}

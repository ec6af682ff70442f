package io.akosha.sync.fallback;

import java.io.IOException;
import java.io.OutputStream;

/** A small request body held in memory (a JSON-RPC message), written in one piece. */
public record BytesBody(String contentType, byte[] bytes) implements StreamedBody {

    @Override
    public long length() {
        return bytes.length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }
}

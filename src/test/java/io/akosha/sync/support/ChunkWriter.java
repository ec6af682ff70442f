package io.akosha.sync.support;

import io.akosha.sync.upload.ObjectSink;
import java.io.IOException;

/** Feeds an object sink as FileStreamer does: whole chunks, with their input offsets, then a commit. */
public final class ChunkWriter {

    private ChunkWriter() {
    }

    /** Writes the chunks of {@code data} after the sink's resume point and commits. */
    public static void send(byte[] data, int chunk, ObjectSink sink) throws IOException {
        try (sink) {
            for (int offset = 0; offset < data.length; offset += chunk) {
                int n = Math.min(chunk, data.length - offset);
                if (offset + n > sink.resumeOffset()) {
                    sink.write(data, offset, n, offset + n);
                }
            }
            sink.commit();
        }
    }
}

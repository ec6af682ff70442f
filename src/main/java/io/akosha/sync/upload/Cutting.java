package io.akosha.sync.upload;

import io.akosha.sync.compress.Compression;

/**
 * How input is cut into compressed chunks and parts: the resume identity. An earlier attempt's parts are reused only
 * when it is unchanged, because only then does the same input give the same bytes in the same parts.
 */
record Cutting(Compression format, int level, long chunkSize, long partSize) {

    /** As journaled: {@code format/level/chunk/part}. */
    String identity() {
        return format.manifestName() + "/" + level + "/" + chunkSize + "/" + partSize;
    }
}

package io.akosha.sync.compress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/** Compression of stored objects. */
@ConfigMapping(prefix = "akosha")
public interface CompressionConfig {

    /**
     * zstd (multi-frame, one frame per chunk), gzip (multi-member, one member per chunk) or none. zstd by
     * default: on session-buddy's databases it saves as much as gzip -6 at several times its speed (README).
     */
    @WithDefault("zstd")
    Compression compression();

    /** Deflate level 1 (fastest) to 9 (smallest); zstd always uses level 3 (aircompressor's encoder). */
    @WithDefault("6")
    int compressionLevel();

    /** Threads compressing chunks in parallel; default: one per available core. */
    OptionalInt compressionThreads();

    /**
     * Chunks in flight at once (read, being compressed, or waiting for their turn to be written); each holds
     * one chunk and its compressed form. Default: twice the threads. Bounds the memory whatever the file size.
     */
    OptionalInt compressionBuffers();

    default int threads() {
        return compressionThreads().orElse(Runtime.getRuntime().availableProcessors());
    }

    default int buffers() {
        return compressionBuffers().orElse(2 * threads());
    }
}

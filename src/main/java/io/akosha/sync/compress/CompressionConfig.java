package io.akosha.sync.compress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/** Compression of stored objects. */
@ConfigMapping(prefix = "akosha")
public interface CompressionConfig {

    /**
     * gzip (multi-member, one member per chunk; the default: every gzip reader reads it whole), zstd (multi-frame:
     * some readers stop after the first frame, README) or none.
     */
    @WithDefault("gzip")
    Compression compression();

    /**
     * Deflate level 1 (fastest) to 9 (smallest); 1 by default: on session-buddy's databases it saves within 0.2
     * points of 9 (README). zstd always uses level 3 (aircompressor's encoder).
     */
    @WithDefault("1")
    int compressionLevel();

    /**
     * Threads compressing chunks in parallel; default: one per available core, at most {@value #DEFAULT_MAX_THREADS}
     * (more would not speed up an upload the store takes a part at a time, and each costs buffers).
     */
    OptionalInt compressionThreads();

    /**
     * Chunks in flight at once (read, being compressed, or waiting for their turn to be written); each holds
     * one chunk and its compressed form. Bounds the memory whatever the file size. Default: the threads plus two
     * (one being read, one being written), but no more than an eighth of the heap holds, counting each chunk-sized array
     * twice (from 1 MiB up, G1 keeps such an array in regions of its own and rounds it up): a 64 MiB heap (the JVM's
     * default in a 256 MiB container) gets 2 slots of 1 MiB chunks, whatever the core count.
     */
    OptionalInt compressionBuffers();

    int DEFAULT_MAX_THREADS = 4;

    default int threads() {
        return compressionThreads().orElse(Math.min(DEFAULT_MAX_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /** The slots of one file's pipeline, for chunks of {@code chunkSize} bytes. */
    default int buffers(int chunkSize) {
        return compressionBuffers().orElse(defaultBuffers(threads(), chunkSize, Runtime.getRuntime().maxMemory()));
    }

    /** Threads + 2, within an eighth of {@code maxHeap} (a slot costs about four chunks), and at least 2. */
    static int defaultBuffers(int threads, int chunkSize, long maxHeap) {
        long fitting = maxHeap / 32 / Math.max(1, chunkSize);
        return (int) Math.max(2, Math.min(threads + 2L, fitting));
    }
}

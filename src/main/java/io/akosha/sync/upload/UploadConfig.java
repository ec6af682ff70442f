package io.akosha.sync.upload;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/** How files are cut, compressed and sent. */
@ConfigMapping(prefix = "akosha.upload")
public interface UploadConfig {

    /** Minimum size of a multipart part (S3 requires at least 5 MiB). */
    @WithDefault("8M")
    MemorySize partSize();

    /** Original bytes per independently compressed chunk (one gzip member). */
    @WithDefault("1M")
    MemorySize chunkSize();

    /** Socket read/write timeout of one request to the destination. */
    @WithDefault("60s")
    Duration timeout();

    /**
     * Retries of a failed upload before the sync is parked; feeds the {@code @Retry} of
     * {@link Uploader#upload}. Backoff is exponential with jitter (see README for the fault-tolerance keys).
     */
    @WithDefault("3")
    int maxRetries();

    /** Syncs snapshotted and uploaded at once (the consumer's worker pool); more wait in the channel. */
    @WithDefault("2")
    int maxInFlight();

    /**
     * Parts of one object on the wire at once. Each costs a buffer of 1⅛ part size, and one more is being filled;
     * more hide the store's latency per part behind compression of the next. Default: 2, or 1 where those buffers
     * would take more than a quarter of the heap (a 64 MiB heap with 8 MiB parts).
     */
    OptionalInt parallelParts();

    int DEFAULT_PARALLEL_PARTS = 2;

    default int parts() {
        return parallelParts().orElse(defaultParallelParts(partBufferSize((int) partSize().asLongValue()), Runtime.getRuntime().maxMemory()));
    }

    /** The capacity of one part buffer: a part is cut at the first member boundary at or past the part size. */
    static int partBufferSize(int partSize) {
        return partSize + (partSize >> 3);
    }

    /** {@link #DEFAULT_PARALLEL_PARTS}, within a quarter of {@code maxHeap} for all part buffers, and at least 1. */
    static int defaultParallelParts(int partBuffer, long maxHeap) {
        long fitting = maxHeap / 4 / Math.max(1, partBuffer) - 1;
        return (int) Math.max(1, Math.min(DEFAULT_PARALLEL_PARTS, fitting));
    }
}

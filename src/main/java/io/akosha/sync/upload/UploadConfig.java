package io.akosha.sync.upload;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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
     * Parts of one object on the wire at once. Each costs a part-sized buffer; more hide the store's latency per
     * part behind compression of the next.
     */
    @WithDefault("2")
    int parallelParts();
}

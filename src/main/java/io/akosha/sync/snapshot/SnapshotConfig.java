package io.akosha.sync.snapshot;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How hard the snapshot tries to get a consistent copy of a file that is being written. */
@ConfigMapping(prefix = "akosha.snapshot")
public interface SnapshotConfig {

    /** Copies tried before the sync is reported busy and re-queued. */
    @WithDefault("8")
    int maxAttempts();

    /** Backoff before the second copy; doubles each time up to {@link #maxBackoff()}. */
    @WithDefault("50ms")
    Duration initialBackoff();

    @WithDefault("2s")
    Duration maxBackoff();

    /** Wait before a busy sync is tried again. */
    @WithDefault("30s")
    Duration busyRetryDelay();
}

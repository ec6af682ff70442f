package io.akosha.sync.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When session ends are refused to protect what was already accepted. */
@ConfigMapping(prefix = "akosha.intake")
public interface IntakeConfig {

    /** Syncs accepted but not yet delivered or parked; beyond it new session ends get 503 with Retry-After. */
    @WithDefault("1000")
    int maxPending();

    /** The {@code Retry-After} sent with 503 and 507. */
    @WithDefault("30s")
    Duration retryAfter();
}

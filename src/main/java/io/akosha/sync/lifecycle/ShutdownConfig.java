package io.akosha.sync.lifecycle;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What SIGTERM waits for. */
@ConfigMapping(prefix = "akosha.shutdown")
public interface ShutdownConfig {

    /**
     * How long a stopping sidecar lets the parts and requests already on the wire finish before it exits.
     * Keep it below the pod's {@code terminationGracePeriodSeconds} (30 s by default).
     */
    @WithDefault("20s")
    Duration grace();
}

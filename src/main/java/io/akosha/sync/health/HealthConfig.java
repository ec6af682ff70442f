package io.akosha.sync.health;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Readiness thresholds. */
@ConfigMapping(prefix = "akosha.health")
public interface HealthConfig {

    /** Readiness is DOWN when the spool's file system has less free space than this. */
    @WithDefault("256M")
    MemorySize minFreeSpace();

    /** How often the destination is probed (HeadBucket, or a write to the local directory); cached in between. */
    @WithDefault("30s")
    Duration destinationInterval();

    /** Consecutive failed probes before readiness goes DOWN: one transient error does not flap it. */
    @WithDefault("2")
    int destinationFailureThreshold();
}

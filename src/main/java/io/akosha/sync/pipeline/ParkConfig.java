package io.akosha.sync.pipeline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How parked syncs (both paths gave up) are re-driven: after a delay that doubles with each attempt. */
@ConfigMapping(prefix = "akosha.park")
public interface ParkConfig {

    @WithDefault("1m")
    Duration initialDelay();

    @WithDefault("1h")
    Duration maxDelay();
}

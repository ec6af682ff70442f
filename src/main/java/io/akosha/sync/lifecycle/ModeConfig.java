package io.akosha.sync.lifecycle;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Set by the command line (io.akosha.sync.app.AkoshaMain) when the binary runs a command (list, restore, verify) instead of the sidecar. */
@ConfigMapping(prefix = "akosha")
public interface ModeConfig {

    /** In command mode no HTTP listener starts, the journal is not touched and no upload runs. */
    @WithDefault("false")
    boolean commandMode();
}

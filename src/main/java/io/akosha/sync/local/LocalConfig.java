package io.akosha.sync.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Local-directory destination, used when no bucket is configured: same layout as the bucket. */
@ConfigMapping(prefix = "akosha.local")
public interface LocalConfig {

    @WithDefault("${user.home}/.akosha-sync/store")
    Path dir();
}

package io.akosha.sync.upload;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Compression of stored objects. */
@ConfigMapping(prefix = "akosha")
public interface CompressionConfig {

    /** gzip (multi-member, one member per chunk) or none. */
    @WithDefault("gzip")
    Compression compression();

    /** Deflate level 1 (fastest) to 9 (smallest). */
    @WithDefault("6")
    int compressionLevel();
}

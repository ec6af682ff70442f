package io.akosha.sync.dedup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Dedup of unchanged files against the last delivered upload of the same system. */
@ConfigMapping(prefix = "akosha.dedup")
public interface DedupConfig {

    /** A file whose SHA-256 equals the one delivered last time (same system, same name) is not sent again. */
    @WithDefault("true")
    boolean enabled();
}

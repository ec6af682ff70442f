package io.akosha.sync.spool;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** The sidecar's own durable state: journal and staging copies. */
@ConfigMapping(prefix = "akosha")
public interface SpoolConfig {

    /** Directory for the journal ({@code journal.log}) and the staging snapshots ({@code staging/}). */
    @WithDefault("${user.home}/.akosha-sync/spool")
    Path spoolDir();

    /** How many delivered syncs the journal keeps for the status API after compaction. */
    @WithDefault("1000")
    int keepDelivered();
}

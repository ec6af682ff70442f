package io.akosha.sync.snapshot;

import io.akosha.sync.sync.SyncMethod;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where the session's memory lives and who it belongs to. */
@ConfigMapping(prefix = "akosha")
public interface SourceConfig {

    /** Akosha system id; defaults to the host name (sanitised to Akosha's id rules). */
    Optional<String> systemId();

    /** Directory that holds session-buddy's DuckDB files. */
    @WithDefault("${user.home}/.claude/data")
    Path dataDir();

    /** Files synced when the event names none: plain names inside {@link #dataDir()}. */
    @WithDefault("reflection.duckdb,knowledge_graph.duckdb")
    List<String> files();

    /** Overrides the method of every event: auto (cloud, then HTTP), cloud or http. */
    @WithDefault("auto")
    SyncMethod forceMethod();
}

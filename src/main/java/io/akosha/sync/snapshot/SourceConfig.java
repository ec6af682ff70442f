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

    /**
     * Files synced when the event names none: glob patterns ({@code *}, {@code ?}, {@code [...]}) or plain names,
     * matched against the names of the files directly in {@link #dataDir()} and in each of {@link #extraDirs()}. The
     * default takes every DuckDB and {@code .db} file session-buddy keeps; a {@code .wal} sibling always comes with
     * its database, and a pattern or name that matches nothing is skipped.
     */
    @WithDefault("*.duckdb,*.db")
    List<String> files();

    /**
     * More directories whose files matching {@link #files()} are synced too, e.g. a project's
     * {@code .session-buddy} (its {@code skills.db}). Their files are stored as {@code {label}__{name}}, the label
     * made of the project's name and a hash of the directory's path ({@link SourceFiles}).
     */
    Optional<List<Path>> extraDirs();

    /** Overrides the method of every event: auto (cloud, then HTTP), cloud or http. */
    @WithDefault("auto")
    SyncMethod forceMethod();
}

package io.akosha.sync.mcp;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * What the {@code mcp} fallback reads from the staged snapshot and how it batches it; the endpoint and the token are
 * {@code akosha.fallback.url} and {@code akosha.fallback.token}.
 */
@ConfigMapping(prefix = "akosha.fallback.mcp")
public interface McpConfig {

    /** Akosha refuses request bodies above 4 MiB (413) before it reads them. */
    long MAX_BODY = 4L * 1024 * 1024;

    /** Akosha takes at most this many memories per call. */
    int MAX_BATCH = 1000;

    /** The staged database whose memories are pushed (session-buddy keeps them in {@code reflection.duckdb}). */
    @WithDefault("reflection.duckdb")
    String database();

    /** Conversation tables, the first the database has is read (newer session-buddy first). */
    @WithDefault("conversations_v2,conversations")
    List<String> conversationTables();

    /** Reflection tables, the first the database has is read. */
    @WithDefault("reflections_v2,reflections")
    List<String> reflectionTables();

    /** Memories per call, at most {@value #MAX_BATCH}. */
    @WithDefault("100")
    int batchSize();

    /** Bytes per call (the whole JSON-RPC request), at most 4 MiB: a batch is cut at whichever limit comes first. */
    @WithDefault("3M")
    MemorySize batchBytes();

    /** Floats per embedding Akosha expects; a row with another size is skipped (Akosha would refuse it). */
    @WithDefault("384")
    int embeddingDimension();

    /** DuckDB's buffer pool while it reads the staged database (its JNI library, ~60 MB resident, comes on top). */
    @WithDefault("64M")
    MemorySize duckdbMemoryLimit();

    /**
     * Load DuckDB's JNI library right after start ({@link DuckDbPreload}), so that the first hand-over does not wait
     * a second or more for it before its first batch; off: it is loaded when the fallback first runs, and a sidecar
     * that never falls back never maps it.
     */
    @WithDefault("true")
    boolean preloadDuckdb();

    /** The MCP tool that stores a batch. */
    @WithDefault("batch_store_memories")
    String tool();
}

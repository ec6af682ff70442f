package io.akosha.sync.mcp;

import io.akosha.sync.fallback.FallbackConfig;
import io.akosha.sync.lifecycle.ModeConfig;
import io.akosha.sync.lifecycle.Threads;
import io.akosha.sync.memory.MemorySource;
import io.akosha.sync.memory.UnreadableDatabaseException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Loads DuckDB's JNI library in the background right after start, when the fallback is the MCP push (the
 * default): loading it takes a second or more (it is unpacked into {@code java.io.tmpdir} first), which the first
 * hand-over would otherwise wait for before its first batch. Not in command mode, nor when the fallback is off or
 * speaks {@code multipart}, nor with {@code akosha.fallback.mcp.preload-duckdb=false}. A failure is only logged
 * here: the push reports it.
 */
@ApplicationScoped
public class DuckDbPreload {

    private static final Logger LOG = Logger.getLogger(DuckDbPreload.class);

    private final FallbackConfig fallback;
    private final McpConfig config;
    private final ModeConfig mode;

    public DuckDbPreload(FallbackConfig fallback, McpConfig config, ModeConfig mode) {
        this.fallback = fallback;
        this.config = config;
        this.mode = mode;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.preloadDuckdb() && !mode.commandMode() && fallback.usable()
                && fallback.protocol() == FallbackConfig.Protocol.MCP) {
            Threads.daemons("akosha-duckdb-preload").newThread(DuckDbPreload::preload).start();
        }
    }

    private static void preload() {
        long started = System.nanoTime();
        try {
            MemorySource.preload();
            LOG.debugf("DuckDB loaded for the MCP fallback in %d ms", (System.nanoTime() - started) / 1_000_000);
        } catch (UnreadableDatabaseException e) {
            LOG.debugf("DuckDB could not be loaded ahead of the MCP fallback: %s", e.getMessage());
        }
    }
}

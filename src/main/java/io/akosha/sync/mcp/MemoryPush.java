package io.akosha.sync.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.fallback.AkoshaHttp;
import io.akosha.sync.fallback.FallbackConfig;
import io.akosha.sync.lifecycle.Shutdown;
import io.akosha.sync.memory.Memory;
import io.akosha.sync.memory.MemoryKind;
import io.akosha.sync.memory.MemorySource;
import io.akosha.sync.memory.UnreadableDatabaseException;
import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.sync.MemoryCounts;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The {@code mcp} fallback: reads the conversations and reflections of the staged database (never the live file)
 * and pushes them into Akosha with {@code batch_store_memories}, batch by batch, each confirmed batch journaled
 * ({@link PushProgress}) so that a retry or a restart goes on from the first unconfirmed one. Memory stays flat:
 * rows are streamed and one batch is held at a time. Refused and skipped memories are counted and reported, never
 * retried for ever; a database or table that is not there is a note.
 */
@ApplicationScoped
public class MemoryPush {

    private static final Logger LOG = Logger.getLogger(MemoryPush.class);
    static final String JOURNAL = "mcp-progress.json";

    private final McpConfig config;
    private final FallbackConfig fallback;
    private final AkoshaHttp akosha;
    private final BatchSender sender;
    private final ObjectMapper mapper;
    private final SyncRegistry registry;
    private final SyncMetrics metrics;
    private final Shutdown shutdown;
    private final String version;

    public MemoryPush(McpConfig config, FallbackConfig fallback, AkoshaHttp akosha, BatchSender sender,
            ObjectMapper mapper, SyncRegistry registry, SyncMetrics metrics, Shutdown shutdown,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.version = version;
        this.config = config;
        this.fallback = fallback;
        this.akosha = akosha;
        this.sender = sender;
        this.mapper = mapper;
        this.registry = registry;
        this.metrics = metrics;
        this.shutdown = shutdown;
    }

    /**
     * Pushes the memories of {@code sync}'s staged database in {@code staging}; {@code work} keeps the push journal
     * and DuckDB's spill files.
     *
     * @return what was pushed, refused, skipped, and the notes
     */
    public MemoryCounts push(SyncRecord sync, Path staging, Path work) throws IOException {
        Path database = staging.resolve(config.database());
        Files.createDirectories(work);
        if (!Files.isRegularFile(database)) {
            return MemoryCounts.NONE.noted(config.database() + " is not in this sync's snapshot: no memories to push");
        }
        PushProgress progress = PushProgress.load(work.resolve(JOURNAL), mapper, identity(database));
        if (progress.resumed()) {
            LOG.infof("Sync %s resumes its push to Akosha after %d memories", sync.syncId(),
                    progress.counts().pushed() + progress.counts().alreadyStored());
        }
        McpClient client = new McpClient(akosha.client(), mapper, fallback.token().orElse(null), version);
        long started = System.nanoTime();
        try (MemorySource source = MemorySource.open(database, Files.createDirectories(work.resolve("duckdb")),
                mapper.getFactory(), config.duckdbMemoryLimit().asLongValue())) {
            LOG.debugf("Sync %s: %s opened in %d ms", sync.syncId(), config.database(),
                    (System.nanoTime() - started) / 1_000_000);
            pushKind(sync, source, client, progress, MemoryKind.CONVERSATION, config.conversationTables());
            pushKind(sync, source, client, progress, MemoryKind.REFLECTION, config.reflectionTables());
        } catch (SQLException e) {
            throw new UnreadableDatabaseException("reading " + config.database() + " failed: "
                    + McpClient.clip(MemorySource.firstLine(e)));
        }
        return progress.counts();
    }

    private void pushKind(SyncRecord sync, MemorySource source, McpClient client, PushProgress progress,
            MemoryKind kind, List<String> tables) throws IOException, SQLException {
        String table = source.firstTable(tables).orElse(null);
        if (table == null) {
            progress.note(config.database() + " has no " + kind.type() + " table (looked for "
                    + String.join(", ", tables) + ")");
            return;
        }
        long maxBytes = Math.min(config.batchBytes().asLongValue(), McpConfig.MAX_BODY);
        int maxCount = Math.max(1, Math.min(config.batchSize(), McpConfig.MAX_BATCH));
        try (MemorySource.Cursor rows = source.rows(table, kind, progress.after(table), sync.systemId(),
                config.embeddingDimension())) {
            MemoryBatch batch = new MemoryBatch(table, maxCount, maxBytes);
            for (Memory m = rows.next(); m != null; m = rows.next()) {
                if (!m.isSkipped() && !MemoryBatch.sendable(m.json().length, maxBytes)) {
                    m = Memory.skipped(m.rowid(), m.memoryId(), "a memory of " + m.json().length
                            + " bytes does not fit a request of akosha.fallback.mcp.batch-bytes");
                }
                if (!batch.fits(m)) {
                    send(sync, client, progress, batch);
                    batch = new MemoryBatch(table, maxCount, maxBytes);
                }
                batch.add(m);
            }
            if (batch.hasRows()) {
                send(sync, client, progress, batch);
            }
        }
    }

    private void send(SyncRecord sync, McpClient client, PushProgress progress, MemoryBatch batch)
            throws IOException {
        if (shutdown.stopping()) {
            throw new InterruptedIOException("stopped for shutdown while pushing memories");
        }
        BatchResult result = batch.nothingToSend() ? new BatchResult(0, 0, List.of())
                : BatchResult.of(sender.send(sync, client, config.tool(), batch.arguments()), batch);
        progress.confirmed(batch, result);
        metrics.memories(result.stored(), result.alreadyStored(), result.refused().size(), batch.skipped().size());
        MemoryCounts counts = progress.counts();
        registry.progress(sync.syncId(), r -> r.pushing(counts, Instant.now()));
    }

    /** The staged copy as it was staged: size and modification time of the database and its WAL. */
    private static String identity(Path database) throws IOException {
        Path wal = database.resolveSibling(database.getFileName() + ".wal");
        String walPart = Files.isRegularFile(wal)
                ? Files.size(wal) + "@" + Files.getLastModifiedTime(wal).toMillis() : "none";
        return Files.size(database) + "@" + Files.getLastModifiedTime(database).toMillis() + "/" + walPart;
    }
}

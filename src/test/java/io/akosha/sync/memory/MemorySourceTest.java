package io.akosha.sync.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.support.SessionBuddyDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real DuckDB files in session-buddy's schema, read as Akosha memories the way session-buddy's own client maps them. */
class MemorySourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The preload opens an in-memory database only: no file is written, and it can run again. */
    @Test
    void preloadLoadsDuckDbWithoutTouchingAnyDatabase() throws Exception {
        try (var before = Files.list(dir)) {
            assertEquals(0, before.count());
        }
        MemorySource.preload();
        MemorySource.preload(); // again: nothing left open by the first
        try (var after = Files.list(dir)) {
            assertEquals(0, after.count(), "no file written beside the databases");
        }
    }

    @Test
    void conversationsAndReflectionsMapAsSessionBuddyMapsThem() throws Exception {
        Path db = dir.resolve("reflection.duckdb");
        SessionBuddyDb.createV2(db, 4, 2);
        List<JsonNode> conversations = read(db, "conversations_v2", MemoryKind.CONVERSATION, -1);
        assertEquals(4, conversations.size());

        JsonNode first = conversations.get(0); // conv-0: a reasoning, no subcategory
        assertEquals("conv-0", first.get("memory_id").asText());
        assertEquals("conversation 0 about duckdb\n\nReasoning: because 0", first.get("text").asText());
        assertEquals(384, first.get("embedding").size());
        JsonNode meta = first.get("metadata");
        assertEquals("laptop", meta.get("source").asText());
        assertEquals("conv-0", meta.get("original_id").asText());
        assertEquals("conversation", meta.get("type").asText());
        assertEquals("code", meta.get("category").asText());
        assertFalse(meta.has("subcategory"), "null values are left out: " + meta);
        assertEquals(0.0, meta.get("importance_score").asDouble());
        assertEquals("long_term", meta.get("memory_tier").asText());
        assertEquals("claude", meta.get("source_type").asText());
        assertEquals("akosha-sync", meta.get("project").asText());
        assertEquals("default", meta.get("namespace").asText());
        assertEquals("akosha-sync-20261201-180000", meta.get("session_id").asText());
        assertEquals("dev", meta.get("user_id").asText());
        assertEquals("2026-12-01T18:00:00", meta.get("created_at").asText());
        assertEquals("http_push", meta.get("ingestion_method").asText());
        assertFalse(meta.has("reasoning"));

        JsonNode second = conversations.get(1); // conv-1: no reasoning, a subcategory
        assertEquals("conversation 1 about duckdb", second.get("text").asText());
        assertEquals("java", second.get("metadata").get("subcategory").asText());
        assertEquals("2026-12-01T18:00:01", second.get("metadata").get("created_at").asText());

        List<JsonNode> reflections = read(db, "reflections_v2", MemoryKind.REFLECTION, -1);
        assertEquals(2, reflections.size());
        JsonNode reflection = reflections.get(1);
        assertEquals("refl-1", reflection.get("memory_id").asText());
        assertEquals("reflection 1", reflection.get("text").asText());
        assertEquals("reflection", reflection.get("metadata").get("type").asText());
        assertEquals("[\"java\",\"tag-1\"]", reflection.get("metadata").get("tags").toString());
        assertEquals("[\"Akosha\"]", reflection.get("metadata").get("related_entities").toString());
        assertFalse(reflection.get("metadata").has("session_id"));
    }

    @Test
    void rowsOnlyInTheWalAreReadFromTheStagedCopyWhichStaysAsItWas() throws Exception {
        Path live = dir.resolve("live.duckdb");
        SessionBuddyDb.createV2(live, 3, 0);
        Path staged = Files.createDirectories(dir.resolve("staged")).resolve("reflection.duckdb");
        try (Connection writer = SessionBuddyDb.addV2InWal(live, 3, 5, 0, 2)) {
            assertTrue(Files.size(live.resolveSibling("live.duckdb.wal")) > 0, "rows in the WAL");
            Files.copy(live, staged);
            Files.copy(live.resolveSibling("live.duckdb.wal"), staged.resolveSibling("reflection.duckdb.wal"));
        }
        long size = Files.size(staged);
        long walSize = Files.size(staged.resolveSibling("reflection.duckdb.wal"));

        assertEquals(8, read(staged, "conversations_v2", MemoryKind.CONVERSATION, -1).size());
        assertEquals(2, read(staged, "reflections_v2", MemoryKind.REFLECTION, -1).size());
        assertEquals(size, Files.size(staged), "opened read-only: the staged database is unchanged");
        assertEquals(walSize, Files.size(staged.resolveSibling("reflection.duckdb.wal")), "the WAL too");
    }

    @Test
    void aPushResumesAfterTheLastConfirmedRowid() throws Exception {
        Path db = dir.resolve("reflection.duckdb");
        SessionBuddyDb.createV2(db, 10, 0);
        List<Memory> all = memories(db, "conversations_v2", -1);
        List<Memory> rest = memories(db, "conversations_v2", all.get(5).rowid());
        assertEquals(all.subList(6, 10).stream().map(Memory::memoryId).toList(),
                rest.stream().map(Memory::memoryId).toList());
    }

    @Test
    void rowsAkoshaWouldRefuseAreSkippedWithTheReason() throws Exception {
        Path db = dir.resolve("reflection.duckdb");
        SessionBuddyDb.createV2(db, 3, 0);
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:" + db, new Properties());
                Statement s = c.createStatement()) {
            s.execute("UPDATE conversations_v2 SET embedding = NULL WHERE id = 'conv-1'");
            s.execute("UPDATE conversations_v2 SET content = '  ' WHERE id = 'conv-2'");
        }
        // an UPDATE of a table with a primary key moves the row to a new rowid: look them up by id
        Map<String, String> reasons = new HashMap<>();
        memories(db, "conversations_v2", -1).forEach(m -> reasons.put(m.memoryId(), String.valueOf(m.skipReason())));
        assertEquals(Map.of("conv-0", "null", "conv-1", "no embedding of 384 finite floats", "conv-2", "empty text"),
                reasons);
    }

    @Test
    void olderTablesAreFoundAndMissingOnesAreNone() throws Exception {
        Path db = dir.resolve("reflection.duckdb");
        SessionBuddyDb.create(db, 1); // session-buddy's older conversations / reflections tables
        try (MemorySource source = MemorySource.open(db, dir, JSON.getFactory(), 64 << 20)) {
            assertEquals(Optional.of("conversations"), source.firstTable(List.of("conversations_v2", "conversations")));
            assertEquals(Optional.empty(), source.firstTable(List.of("nothing_here")));
        }
    }

    @Test
    void aFileThatIsNoDuckDbDatabaseIsSaidSo() throws Exception {
        Path db = Files.write(dir.resolve("reflection.duckdb"), "not a database at all".repeat(1000).getBytes());
        UnreadableDatabaseException e = assertThrows(UnreadableDatabaseException.class,
                () -> MemorySource.open(db, dir, JSON.getFactory(), 64 << 20));
        assertTrue(e.getMessage().startsWith("reflection.duckdb cannot be read as a DuckDB database"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private List<JsonNode> read(Path db, String table, MemoryKind kind, long after) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (MemorySource source = MemorySource.open(db, dir, JSON.getFactory(), 64 << 20);
                MemorySource.Cursor rows = source.rows(table, kind, after, "laptop", 384)) {
            for (Memory m = rows.next(); m != null; m = rows.next()) {
                assertNull(m.skipReason(), m.memoryId() + ": " + m.skipReason());
                out.add(JSON.readTree(m.json()));
            }
        }
        return out;
    }

    private List<Memory> memories(Path db, String table, long after) throws Exception {
        List<Memory> out = new ArrayList<>();
        try (MemorySource source = MemorySource.open(db, dir, JSON.getFactory(), 64 << 20);
                MemorySource.Cursor rows = source.rows(table, MemoryKind.CONVERSATION, after, "laptop", 384)) {
            for (Memory m = rows.next(); m != null; m = rows.next()) {
                out.add(m);
            }
        }
        return out;
    }
}

package io.akosha.sync.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * DuckDB databases shaped like session-buddy's memory: conversations and reflections with text, tags,
 * timestamps and a 384-float embedding per row (what a MiniLM-class model produces), written by the DuckDB
 * JDBC driver in checkpointed batches until the file reaches the requested size. The embeddings are what make
 * such files compress poorly (a few percent), the text what makes them compress at all.
 */
public final class SessionBuddyDb {

    private static final String WORDS = "['the','session','memory','function','error','test','commit','build',"
            + "'java','quarkus','upload','reflection','insight','because','should','return','user','asked',"
            + "'fixed','bug','refactor','query','duckdb','vector','search','project','context','claude']";

    private SessionBuddyDb() {
    }

    /** Creates (or recreates) {@code file} with at least {@code targetBytes} bytes; returns its size. */
    public static long create(Path file, long targetBytes) throws Exception {
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:" + file.toAbsolutePath(), new Properties());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE conversations (id VARCHAR, content TEXT, project VARCHAR, "
                    + "timestamp TIMESTAMP, metadata VARCHAR, embedding FLOAT[384])");
            s.execute("CREATE TABLE reflections (id VARCHAR, content TEXT, tags VARCHAR[], "
                    + "timestamp TIMESTAMP, embedding FLOAT[384])");
            long next = 0;
            int batch = (int) Math.max(1_000, Math.min(20_000, targetBytes / 2_500 / 10));
            while (Files.size(file) < targetBytes) {
                insert(s, next, batch);
                next += batch;
                s.execute("CHECKPOINT");
            }
        }
        return Files.size(file);
    }

    private static void insert(Statement s, long from, int rows) throws SQLException {
        String range = "range(" + from + ", " + (from + rows) + ") t(i)";
        String text = "array_to_string(list_transform(range(20 + (i % 80)::INT), lambda x: " + WORDS
                + "[1 + (hash(i * 131 + x) % 28)::INT]), ' ')";
        // unit-length sentence embeddings have small components, roughly normal around 0
        String embedding = "list_transform(range(384), lambda x: ((random() + random() + random() - 1.5) * 0.1)::FLOAT)"
                + "::FLOAT[384]";
        s.execute("INSERT INTO conversations SELECT 'conv-' || i, " + text + ", 'project-' || (i % 7), "
                + "TIMESTAMP '2026-01-01' + to_seconds(i * 37), '{\"source\":\"claude\",\"turn\":' || (i % 40) || '}', "
                + embedding + " FROM " + range);
        s.execute("INSERT INTO reflections SELECT 'refl-' || i, 'Insight: ' || " + text + ", "
                + "[" + WORDS + "[1 + (i % 28)::INT], 'session'], TIMESTAMP '2026-01-01' + to_seconds(i * 91), "
                + embedding + " FROM range(" + from / 3 + ", " + (from + rows) / 3 + ") t(i)");
    }

    /** session-buddy's current schema: {@code conversations_v2} and {@code reflections_v2} in {@code reflection.duckdb}. */
    private static final String[] V2_SCHEMA = {
        "CREATE TABLE conversations_v2 (id VARCHAR PRIMARY KEY, content TEXT, embedding FLOAT[384], category VARCHAR,"
            + " subcategory VARCHAR, importance_score DOUBLE, memory_tier VARCHAR, project VARCHAR, namespace VARCHAR,"
            + " timestamp TIMESTAMP, session_id VARCHAR, user_id VARCHAR, reasoning TEXT, source_type VARCHAR)",
        "CREATE TABLE reflections_v2 (id VARCHAR PRIMARY KEY, content TEXT, embedding FLOAT[384], category VARCHAR,"
            + " importance_score DOUBLE, memory_tier VARCHAR, tags VARCHAR[], related_entities VARCHAR[],"
            + " project VARCHAR, namespace VARCHAR, timestamp TIMESTAMP)"};

    /**
     * A checkpointed {@code reflection.duckdb} in session-buddy's v2 schema with {@code conversations} conversations
     * ({@code conv-0}...) and {@code reflections} reflections ({@code refl-0}...). Every 2nd conversation has a
     * reasoning, every 3rd no subcategory; conversation {@code i} was written at {@code 2026-12-01T18:00:00 + i s}.
     */
    public static void createV2(Path file, long conversations, long reflections) throws SQLException {
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:" + file.toAbsolutePath(), new Properties());
                Statement s = c.createStatement()) {
            for (String ddl : V2_SCHEMA) {
                s.execute(ddl);
            }
            insertV2(s, 0, conversations, 0, reflections);
            s.execute("CHECKPOINT");
        }
    }

    /**
     * Opens {@code file} (made by {@link #createV2}) and adds conversations and reflections that stay in the
     * {@code .wal} while the returned connection lives, as a running session-buddy leaves them.
     */
    public static Connection addV2InWal(Path file, long fromConversation, long conversations, long fromReflection,
            long reflections) throws SQLException {
        Connection c = new DuckDBDriver().connect("jdbc:duckdb:" + file.toAbsolutePath(), new Properties());
        try (Statement s = c.createStatement()) {
            s.execute("SET checkpoint_threshold = '1GB'");
            insertV2(s, fromConversation, conversations, fromReflection, reflections);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The embedding session-buddy would store for row {@code i}: 384 deterministic floats. */
    public static String embeddingOf(String i) {
        return "list_transform(range(384), lambda x: (((hash(" + i + " * 384 + x) % 2000)::DOUBLE - 1000) / 10000)"
                + "::FLOAT)::FLOAT[384]";
    }

    private static void insertV2(Statement s, long fromC, long conversations, long fromR, long reflections)
            throws SQLException {
        s.execute("INSERT INTO conversations_v2 SELECT 'conv-' || i, 'conversation ' || i || ' about duckdb',"
                + embeddingOf("i") + ", 'code', CASE WHEN i % 3 = 0 THEN NULL ELSE 'java' END, (i % 10) / 10.0,"
                + " 'long_term', 'akosha-sync', 'default', TIMESTAMP '2026-12-01 18:00:00' + to_seconds(i),"
                + " 'akosha-sync-20261201-180000', 'dev', CASE WHEN i % 2 = 0 THEN 'because ' || i ELSE NULL END,"
                + " 'claude' FROM range(" + fromC + ", " + (fromC + conversations) + ") t(i)");
        s.execute("INSERT INTO reflections_v2 SELECT 'refl-' || i, 'reflection ' || i, " + embeddingOf("i")
                + ", 'insight', 0.5, 'long_term', ['java', 'tag-' || i], ['Akosha'], 'akosha-sync', 'default',"
                + " TIMESTAMP '2026-12-01 19:00:00' + to_seconds(i) FROM range(" + fromR + ", " + (fromR + reflections)
                + ") t(i)");
    }
}

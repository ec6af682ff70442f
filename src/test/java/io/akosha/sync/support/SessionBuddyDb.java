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
        String text = "array_to_string(list_transform(range(20 + (i % 80)::INT), x -> " + WORDS
                + "[1 + (hash(i * 131 + x) % 28)::INT]), ' ')";
        // unit-length sentence embeddings have small components, roughly normal around 0
        String embedding = "list_transform(range(384), x -> ((random() + random() + random() - 1.5) * 0.1)::FLOAT)"
                + "::FLOAT[384]";
        s.execute("INSERT INTO conversations SELECT 'conv-' || i, " + text + ", 'project-' || (i % 7), "
                + "TIMESTAMP '2026-01-01' + to_seconds(i * 37), '{\"source\":\"claude\",\"turn\":' || (i % 40) || '}', "
                + embedding + " FROM " + range);
        s.execute("INSERT INTO reflections SELECT 'refl-' || i, 'Insight: ' || " + text + ", "
                + "[" + WORDS + "[1 + (i % 28)::INT], 'session'], TIMESTAMP '2026-01-01' + to_seconds(i * 91), "
                + embedding + " FROM range(" + from / 3 + ", " + (from + rows) / 3 + ") t(i)");
    }
}

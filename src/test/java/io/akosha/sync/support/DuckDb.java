package io.akosha.sync.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBDriver;

/** Real DuckDB databases for the tests, written by the DuckDB JDBC driver. */
public final class DuckDb {

    private DuckDb() {
    }

    /** A checkpointed database with {@code rows} reflections; no WAL left behind. */
    public static void create(Path file, int rows) throws SQLException {
        try (Connection c = open(file, false); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE reflections AS SELECT i AS id, 'reflection ' || i || ' ' || md5(i::VARCHAR)"
                    + " AS content, (i % 97) / 97.0 AS score FROM range(" + rows + ") t(i)");
            s.execute("CHECKPOINT");
        }
    }

    /** Opens {@code file} and writes {@code rows} rows that stay in the {@code .wal} while the connection lives. */
    public static Connection withLiveWal(Path file, int rows) throws SQLException {
        Connection c = open(file, false);
        try (Statement s = c.createStatement()) {
            s.execute("SET checkpoint_threshold = '1GB'");
            s.execute("CREATE TABLE entities AS SELECT i AS id, 'entity-' || i AS name FROM range(" + rows + ") t(i)");
        }
        return c;
    }

    public static long count(Path file, String table) throws SQLException {
        try (Connection c = open(file, true); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Sum of ids and count, to compare a restored database's content with the original's. */
    public static String fingerprint(Path file, String table) throws SQLException {
        try (Connection c = open(file, true); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), sum(id), max(id) FROM " + table)) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3);
        }
    }

    private static Connection open(Path file, boolean readOnly) throws SQLException {
        Properties props = new Properties();
        if (readOnly) {
            props.setProperty("duckdb.read_only", "true");
        }
        // the driver itself, not DriverManager: Quarkus restarts between test classes load test classes anew,
        // and DriverManager hides a driver registered by another class loader
        return new DuckDBDriver().connect("jdbc:duckdb:" + file.toAbsolutePath(), props);
    }

    /** Keeps inserting into {@code file} in small transactions until closed, like a session still writing. */
    public static final class Writer implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong batches = new AtomicLong();
        private final Thread thread;
        private volatile Exception failure;

        public Writer(Path file, int initialRows) throws SQLException {
            create(file, initialRows);
            Connection c = open(file, false);
            thread = new Thread(() -> {
                try (c; Statement s = c.createStatement()) {
                    long next = initialRows;
                    while (running.get()) {
                        s.execute("INSERT INTO reflections SELECT i, 'late ' || i, 0.5 FROM range(" + next + ", "
                                + (next + 500) + ") t(i)");
                        next += 500;
                        batches.incrementAndGet();
                        Thread.sleep(15);
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "duckdb-writer");
            thread.start();
        }

        public long batches() {
            return batches.get();
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            thread.join();
            if (failure != null) {
                throw failure;
            }
        }
    }
}

package io.akosha.sync.memory;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * The memory tables of one staged database, read with DuckDB's JDBC driver: opened read-only, so DuckDB replays the
 * staged {@code .wal} in memory and leaves both files as they were staged (the same bytes for every retry and for
 * the cloud path). One thread, results streamed, a bounded buffer pool: memory stays flat however many rows there
 * are. Rows come in {@code rowid} order (one thread scans in order), which is where a push resumes.
 */
public final class MemorySource implements AutoCloseable {

    private final Connection connection;
    private final JsonFactory json;

    private MemorySource(Connection connection, JsonFactory json) {
        this.connection = connection;
        this.json = json;
    }

    /**
     * Opens the staged copy {@code database} with a buffer pool of {@code memoryLimit} bytes; DuckDB spills to
     * {@code tempDir} if it must.
     *
     * @throws UnreadableDatabaseException when DuckDB cannot open it (not a DuckDB file, a newer format)
     */
    public static MemorySource open(Path database, Path tempDir, JsonFactory json, long memoryLimit)
            throws UnreadableDatabaseException {
        Properties props = new Properties();
        props.setProperty(DuckDBDriver.DUCKDB_READONLY_PROPERTY, "true");
        props.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        props.setProperty("threads", "1");
        props.setProperty("memory_limit", Math.max(16, memoryLimit >> 20) + "MiB");
        props.setProperty("temp_directory", tempDir.toAbsolutePath().toString());
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "false");
        try {
            // the driver itself rather than DriverManager: no service loading, one class to register natively
            return new MemorySource(new DuckDBDriver().connect("jdbc:duckdb:" + database.toAbsolutePath(), props),
                    json);
        } catch (SQLException e) {
            throw new UnreadableDatabaseException(database.getFileName() + " cannot be read as a DuckDB database ("
                    + firstLine(e) + ")");
        } catch (LinkageError e) { // DuckDB's JNI library did not load: no database can be read in this process
            throw new UnreadableDatabaseException("DuckDB cannot run in this process: " + rootCause(e));
        }
    }

    /**
     * Loads DuckDB's JNI library by opening and closing an empty in-memory database: the first use in a process
     * unpacks the library (about 70 MB) into {@code java.io.tmpdir} and loads it, a second or more, which is then not
     * paid by the first push.
     *
     * @throws UnreadableDatabaseException when DuckDB cannot run in this process
     */
    public static void preload() throws UnreadableDatabaseException {
        Properties props = new Properties();
        props.setProperty("threads", "1");
        props.setProperty("memory_limit", "16MiB");
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "false");
        try (Connection empty = new DuckDBDriver().connect("jdbc:duckdb:", props)) {
            empty.getMetaData(); // the connection is open: the library is loaded
        } catch (SQLException e) {
            throw new UnreadableDatabaseException("DuckDB cannot open an in-memory database: " + firstLine(e));
        } catch (LinkageError e) {
            throw new UnreadableDatabaseException("DuckDB cannot run in this process: " + rootCause(e));
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + firstLine(root.getMessage());
    }

    /** The first of {@code candidates} that is a table of the database. */
    public Optional<String> firstTable(List<String> candidates) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?")) {
            for (String candidate : candidates) {
                s.setString(1, candidate);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(rs.getString(1));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The rows of {@code table} after {@code afterRowid} ({@code -1}: all), as memories of {@code kind}. */
    public Cursor rows(String table, MemoryKind kind, long afterRowid, String source, int dimension)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(
                "SELECT rowid AS akosha_rowid, * FROM \"" + table.replace("\"", "\"\"") + "\" WHERE rowid > ?");
        try {
            statement.setLong(1, afterRowid);
            ResultSet rows = statement.executeQuery();
            return new Cursor(statement, rows, new MemoryMapper(kind, source, dimension, rows.getMetaData(), json));
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** The first line of DuckDB's message (the rest is context for its developers). */
    public static String firstLine(SQLException e) {
        return firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int end = m.indexOf('\n');
        return (end < 0 ? m : m.substring(0, end)).strip();
    }

    /** Rows of one table, one at a time. */
    public static final class Cursor implements AutoCloseable {

        private final PreparedStatement statement;
        private final ResultSet rows;
        private final MemoryMapper mapper;
        private long last = -1;

        private Cursor(PreparedStatement statement, ResultSet rows, MemoryMapper mapper) {
            this.statement = statement;
            this.rows = rows;
            this.mapper = mapper;
        }

        /** The next row's memory, or null after the last. */
        public Memory next() throws SQLException, IOException {
            if (!rows.next()) {
                return null;
            }
            long rowid = rows.getLong(1);
            if (rowid <= last) { // a resume point relies on the order
                throw new IOException("rows of the table came out of rowid order (" + rowid + " after " + last + ")");
            }
            last = rowid;
            return mapper.map(rows, rowid);
        }

        @Override
        public void close() throws SQLException {
            try (statement) {
                rows.close();
            }
        }
    }
}

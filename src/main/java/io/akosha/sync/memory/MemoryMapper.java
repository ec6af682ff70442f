package io.akosha.sync.memory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the rows of one memory table into Akosha memories, as session-buddy's own client maps them:
 * {@code memory_id} = id; {@code text} = content (plus {@code "\n\nReasoning: "} and the reasoning of a conversation
 * that has one); {@code embedding} = the row's vector; {@code metadata} = {@code source} (the system id),
 * {@code original_id}, {@code type}, the kind's columns the table has, {@code created_at} (the row's
 * {@code timestamp}, ISO-8601) and {@code ingestion_method: "http_push"}, null values left out. A row without id,
 * text or an embedding of the expected size is skipped with the reason (Akosha would refuse it).
 */
final class MemoryMapper {

    private final MemoryKind kind;
    private final String source;
    private final int dimension;
    private final Map<String, Integer> columns = new HashMap<>();
    private final JsonFactory json;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);

    MemoryMapper(MemoryKind kind, String source, int dimension, ResultSetMetaData meta, JsonFactory json)
            throws SQLException {
        this.kind = kind;
        this.source = source;
        this.dimension = dimension;
        this.json = json;
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.putIfAbsent(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
        }
    }

    /** The memory of the current row; {@code rowid} was read by the caller. */
    Memory map(ResultSet row, long rowid) throws SQLException {
        String id = text(row, "id");
        if (id == null || id.isBlank()) {
            return Memory.skipped(rowid, null, "no id");
        }
        String content = text(row, "content");
        if (content == null || content.isBlank()) {
            return Memory.skipped(rowid, id, "empty text");
        }
        String reasoning = kind.appendsReasoning() ? text(row, "reasoning") : null;
        if (reasoning != null && !reasoning.isBlank()) {
            content = content + "\n\nReasoning: " + reasoning;
        }
        float[] embedding = embedding(row);
        if (embedding == null) {
            return Memory.skipped(rowid, id, "no embedding of " + dimension + " finite floats");
        }
        out.reset();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("memory_id", id);
            g.writeStringField("text", content);
            g.writeFieldName("embedding");
            g.writeStartArray();
            for (float f : embedding) {
                g.writeNumber(f); // a float's shortest form: about half the bytes of the double it widens to
            }
            g.writeEndArray();
            g.writeObjectFieldStart("metadata");
            g.writeStringField("source", source);
            g.writeStringField("original_id", id);
            g.writeStringField("type", kind.type());
            for (String column : kind.metadataColumns()) {
                Object value = value(row, column);
                if (value != null) {
                    g.writeFieldName(column);
                    write(g, value);
                }
            }
            Object created = value(row, "timestamp");
            if (created != null) {
                g.writeFieldName("created_at");
                write(g, created);
            }
            g.writeStringField("ingestion_method", "http_push");
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory stream does not fail
        }
        return Memory.of(rowid, id, out.toByteArray());
    }

    private String text(ResultSet row, String column) throws SQLException {
        Integer i = columns.get(column);
        return i == null ? null : row.getString(i);
    }

    private Object value(ResultSet row, String column) throws SQLException {
        Integer i = columns.get(column);
        return i == null ? null : row.getObject(i);
    }

    private float[] embedding(ResultSet row) throws SQLException {
        Object value = value(row, "embedding");
        Object[] items = value instanceof Array array ? (Object[]) array.getArray() : null;
        if (items == null || items.length != dimension) {
            return null;
        }
        float[] floats = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            if (!(items[i] instanceof Number n) || !Float.isFinite(n.floatValue())) {
                return null;
            }
            floats[i] = n.floatValue();
        }
        return floats;
    }

    private static void write(JsonGenerator g, Object value) throws IOException, SQLException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeNull();
            }
        } else if (value instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (value instanceof Timestamp t) {
            g.writeString(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t.toLocalDateTime()));
        } else if (value instanceof LocalDateTime t) {
            g.writeString(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
        } else if (value instanceof OffsetDateTime t) {
            g.writeString(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t));
        } else if (value instanceof Array array) {
            g.writeStartArray();
            for (Object item : (Object[]) array.getArray()) {
                write(g, item);
            }
            g.writeEndArray();
        } else {
            g.writeString(value.toString());
        }
    }
}

package io.akosha.sync.memory;

import java.util.List;

/**
 * The two kinds of rows session-buddy keeps in {@code reflection.duckdb}, and which of their columns become a
 * memory's {@code metadata} (session-buddy's own mapping; a column the table does not have, or a null value, is left
 * out).
 */
public enum MemoryKind {

    CONVERSATION("conversation", List.of("category", "subcategory", "importance_score", "memory_tier",
            "source_type", "project", "namespace", "session_id", "user_id")),
    REFLECTION("reflection", List.of("category", "importance_score", "memory_tier", "tags", "related_entities",
            "project", "namespace"));

    private final String type;
    private final List<String> metadataColumns;

    MemoryKind(String type, List<String> metadataColumns) {
        this.type = type;
        this.metadataColumns = metadataColumns;
    }

    /** {@code metadata.type} of its memories. */
    public String type() {
        return type;
    }

    /** Copied as they are into {@code metadata}, after {@code source}, {@code original_id} and {@code type}. */
    public List<String> metadataColumns() {
        return metadataColumns;
    }

    /** Whether the text carries the row's {@code reasoning} ({@code "\n\nReasoning: ..."}), as session-buddy does. */
    boolean appendsReasoning() {
        return this == CONVERSATION;
    }
}

package io.akosha.sync.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.fallback.IngestFailedException;
import io.akosha.sync.sync.MemoryCounts;
import java.util.ArrayList;
import java.util.List;

/**
 * Akosha's answer to one batch ({@code status}, {@code total}, {@code stored}, {@code failed}, {@code errors}), read
 * as: stored now, already stored (Akosha does not de-duplicate and refuses a memory sent again with
 * {@code Duplicate key}), refused (with Akosha's reason, per memory).
 */
record BatchResult(long stored, long alreadyStored, List<MemoryCounts.Refusal> refused) {

    static BatchResult of(JsonNode result, MemoryBatch batch) throws IngestFailedException {
        long stored = result.path("stored").asLong(0);
        long already = 0;
        List<MemoryCounts.Refusal> refused = new ArrayList<>();
        for (JsonNode error : result.path("errors")) {
            String message = error.isTextual() ? error.asText()
                    : first(error, "error", "message", "detail", "reason");
            String id = error.isObject() ? first(error, "memory_id", "id") : idIn(message, batch.ids());
            if (message.contains("Duplicate key")) {
                already++;
            } else {
                refused.add(new MemoryCounts.Refusal(id.isEmpty() ? null : id, batch.table(), "refused",
                        McpClient.clip(message)));
            }
        }
        int sent = batch.ids().size();
        if (sent > 0 && stored == 0 && already == 0 && refused.isEmpty()) {
            // "failed" without a reason for any memory: Akosha itself failed (its database, say), not the memories
            throw new IngestFailedException("Akosha stored none of " + sent + " memories (status "
                    + result.path("status").asText("?") + ") and named no memory it refused");
        }
        return new BatchResult(stored, already, refused);
    }

    private static String first(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value != null && !value.isNull()) {
                return value.asText();
            }
        }
        return "";
    }

    /** A refusal given as text only: the memory id of the batch that it names. */
    private static String idIn(String message, List<String> ids) {
        return ids.stream().filter(message::contains).findFirst().orElse("");
    }
}

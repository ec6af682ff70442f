package io.akosha.sync.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * A Server-Sent Events answer of the streamable HTTP transport: events separated by a blank line, each event's
 * {@code data:} lines joined by newlines make one JSON-RPC message; notifications and other requests' responses are
 * passed over.
 */
final class McpEvents {

    private McpEvents() {
    }

    /** The JSON-RPC message with {@code id} in {@code stream}, or null. */
    static JsonNode responseWithId(ObjectMapper mapper, String stream, long id) throws IOException {
        StringBuilder data = new StringBuilder();
        for (String line : (stream + "\n\n").split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    JsonNode message = McpClient.byId(mapper.readTree(data.toString()), id);
                    if (message != null && message.path("id").asLong(-1) == id) {
                        return message;
                    }
                    data.setLength(0);
                }
            } else if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            }
        }
        return null;
    }
}

package io.akosha.sync.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The audit log the test profile routes to its own file ({@code %test.quarkus.log.handler.file.audit.*}). */
public final class AuditLog {

    public static final Path FILE = Path.of("target", "quarkus-test-audit.log");

    private AuditLog() {
    }

    /** Every audit event so far, oldest first (a JSON log line's message is unwrapped). */
    public static List<JsonNode> events() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        if (!Files.exists(FILE)) {
            return events;
        }
        for (String line : Files.readAllLines(FILE)) {
            if (!line.isBlank()) {
                JsonNode node = UploadVerifier.json(line);
                events.add(node.has("message") ? UploadVerifier.json(node.get("message").asText()) : node);
            }
        }
        return events;
    }
}

package io.akosha.sync.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The audit file of the test profile ({@code %test.akosha.audit.file}): plain JSON lines, one event each. */
public final class AuditLog {

    public static final Path FILE = Path.of("target", "quarkus-test-audit.log");

    private AuditLog() {
    }

    /** Every audit event so far, oldest first. */
    public static List<JsonNode> events() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        if (!Files.exists(FILE)) {
            return events;
        }
        for (String line : Files.readAllLines(FILE)) {
            if (!line.isBlank()) {
                events.add(UploadVerifier.json(line));
            }
        }
        return events;
    }
}

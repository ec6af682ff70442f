package io.akosha.sync.restore;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks Akosha's ingestion applies to a {@code SystemMemoryUploadManifest} (see the product brief). */
final class ManifestRules {

    private static final Pattern HEX64 = Pattern.compile("^[0-9a-f]{64}$");
    private static final Pattern OBJECT_NAME = Pattern.compile("^[A-Za-z0-9_.-]+$");
    private static final Pattern VERSION = Pattern.compile("^\\d+\\.\\d+$");
    private static final Set<String> FORMATS = Set.of("gzip", "zstd", "lz4");

    private ManifestRules() {
    }

    static List<String> problems(JsonNode m) {
        List<String> p = new ArrayList<>();
        try {
            Instant at = Instant.parse(m.path("uploaded_at").asText());
            if (at.isAfter(Instant.now().plus(Duration.ofMinutes(5)))) {
                p.add("uploaded_at is in the future");
            }
        } catch (DateTimeParseException e) {
            p.add("uploaded_at is not an ISO-8601 UTC time");
        }
        long conversations = m.path("conversation_count").asLong(-1);
        if (!m.path("conversation_count").canConvertToLong() || conversations < 0 || conversations > 1_000_000) {
            p.add("conversation_count must be an integer 0..1000000");
        }
        long total = m.path("total_size_bytes").asLong(-1);
        if (!m.path("total_size_bytes").canConvertToLong() || total < 0 || total > 100_000_000_000L) {
            p.add("total_size_bytes must be an integer 0..100e9");
        }
        if (!VERSION.matcher(m.path("version").asText()).matches()) {
            p.add("version must look like 1.0");
        }
        int typeLength = m.path("system_type").asText().length();
        if (typeLength < 1 || typeLength > 50) {
            p.add("system_type must have 1..50 characters");
        }
        if (!HEX64.matcher(m.path("checksum").asText()).matches()) {
            p.add("checksum must be 64 lowercase hex digits");
        }
        if (!m.path("compressed").isBoolean()) {
            p.add("compressed must be a boolean");
        } else if (m.path("compressed").asBoolean() && !FORMATS.contains(m.path("compression_format").asText())) {
            p.add("compression_format must be gzip, zstd or lz4 when compressed");
        }
        if (!m.path("files").isArray() || m.path("files").isEmpty()) {
            p.add("files must list the stored objects");
        } else {
            for (JsonNode name : m.path("files")) {
                if (!OBJECT_NAME.matcher(name.asText()).matches() || name.asText().contains("..")) {
                    p.add("files: '" + name.asText() + "' is not a valid object name");
                }
            }
        }
        if (!m.path("metadata").path("files").isArray()) {
            p.add("metadata.files is missing");
        }
        return p;
    }
}

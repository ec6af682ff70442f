package io.akosha.sync.manifest;

import static io.akosha.sync.manifest.ManifestSamples.REMOVE;
import static io.akosha.sync.manifest.ManifestSamples.bytes;
import static io.akosha.sync.manifest.ManifestSamples.valid;
import static io.akosha.sync.manifest.ManifestSamples.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import io.akosha.sync.support.ManifestSchema;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published schema ({@code akosha/manifest.schema.json}) and the codec's rules are one contract: every
 * constraint of the schema is broken once below, and the schema and {@link ManifestCodec#read} (types, then
 * {@link ManifestCodec#validate}) must both refuse the manifest; the valid variants must pass both. A constraint
 * added to the schema without a case here fails {@link #everyConstraintOfTheSchemaIsBrokenByACase}; a rule added
 * to the codec that the schema does not have fails the valid variants or {@link #theKnownDifferences}.
 */
class ManifestContractTest {

    private static final ManifestCodec CODEC = ManifestSamples.codec();
    private static final String ENTRY = "#/properties/metadata/properties/files/items";

    /** One constraint broken: its schema location, a name the codec's problem must mention, the breakage. */
    record Case(String constraint, String mentions, Function<ObjectNode, JsonNode> breakage) {

        @Override
        public String toString() {
            return constraint;
        }
    }

    static Stream<Case> brokenManifests() {
        return Stream.of(topLevelCases(), metadataCases(), entryCases()).flatMap(List::stream);
    }

    private static List<Case> topLevelCases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("#/type", "not a JSON object", m -> ManifestSamples.MAPPER.createArrayNode().add(m)));
        for (String name : List.of("uploaded_at", "conversation_count", "total_size_bytes", "version", "system_type",
                "checksum", "compressed", "files", "metadata")) {
            cases.add(set("#/required/" + name, "/" + name, REMOVE));
        }
        cases.addAll(List.of(
                set("#/properties/uploaded_at/type", "/uploaded_at", 20260101),
                set("#/properties/uploaded_at/pattern", "/uploaded_at", "2026-01-01T00:00:05+01:00"),
                set("#/properties/uploaded_at/format", "/uploaded_at", "2026-02-30T00:00:05Z"),
                set("#/properties/conversation_count/type", "/conversation_count", "3"),
                set("#/properties/conversation_count/minimum", "/conversation_count", -1),
                set("#/properties/conversation_count/maximum", "/conversation_count", 1_000_001),
                set("#/properties/total_size_bytes/type", "/total_size_bytes", 3.5),
                set("#/properties/total_size_bytes/minimum", "/total_size_bytes", -1),
                set("#/properties/total_size_bytes/maximum", "/total_size_bytes", 100_000_000_001L),
                set("#/properties/version/type", "/version", 1),
                set("#/properties/version/pattern", "/version", "1"),
                set("#/properties/system_type/type", "/system_type", List.of("session-buddy")),
                set("#/properties/system_type/minLength", "/system_type", ""),
                set("#/properties/system_type/maxLength", "/system_type", "\uD83D\uDE00".repeat(51)),
                set("#/properties/checksum/type", "/checksum", null),
                set("#/properties/checksum/pattern", "/checksum", "C".repeat(64)),
                set("#/properties/compressed/type", "/compressed", "true"),
                set("#/properties/compression_format/enum", "/compression_format", "brotli"),
                set("#/then/required/compression_format", "/compression_format", REMOVE),
                set("#/properties/files/type", "/files", "reflection.duckdb.zst"),
                set("#/properties/files/minItems", "/files", List.of()),
                set("#/properties/files/items/type", "/files/1", 7),
                set("#/properties/files/items/pattern", "/files/1", "reflection duckdb.zst"),
                set("#/properties/files/items/not", "/files/1", "..reflection.duckdb.zst"),
                set("#/properties/metadata/type", "/metadata", "laptop")));
        return cases;
    }

    private static List<Case> metadataCases() {
        List<Case> cases = new ArrayList<>();
        for (String name : List.of("upload_id", "system_id", "session_id", "uploader", "files")) {
            cases.add(set("#/properties/metadata/required/" + name, "/metadata/" + name, REMOVE));
        }
        String metadata = "#/properties/metadata/properties/";
        cases.addAll(List.of(
                set(metadata + "upload_id/type", "/metadata/upload_id", 20260101),
                set(metadata + "upload_id/pattern", "/metadata/upload_id", "x".repeat(101)),
                set(metadata + "upload_id/not", "/metadata/upload_id", "20260101T000000Z_a..b"),
                set(metadata + "system_id/type", "/metadata/system_id", true),
                set(metadata + "system_id/pattern", "/metadata/system_id", "lap.top"),
                set(metadata + "session_id/type", "/metadata/session_id", Map.of()),
                set(metadata + "session_id/pattern", "/metadata/session_id", "s".repeat(129)),
                set(metadata + "session_id/not", "/metadata/session_id", "my..project-20261201-185000"),
                set(metadata + "uploader/type", "/metadata/uploader", "akosha-sync"),
                set(metadata + "uploader/required/name", "/metadata/uploader/name", REMOVE),
                set(metadata + "uploader/required/version", "/metadata/uploader/version", REMOVE),
                set(metadata + "uploader/properties/name/type", "/metadata/uploader/name", 1),
                set(metadata + "uploader/properties/name/minLength", "/metadata/uploader/name", ""),
                set(metadata + "uploader/properties/version/type", "/metadata/uploader/version", 0.1),
                set(metadata + "uploader/properties/version/minLength", "/metadata/uploader/version", ""),
                set(metadata + "files/type", "/metadata/files", Map.of("name", "reflection.duckdb")),
                set(ENTRY + "/type", "/metadata/files/1", "reflection.duckdb")));
        return cases;
    }

    private static List<Case> entryCases() {
        List<Case> cases = new ArrayList<>();
        for (String name : List.of("name", "object_key", "original_size", "stored_size", "sha256", "compression",
                "part_count")) {
            cases.add(set(ENTRY + "/required/" + name, "/metadata/files/1/" + name, REMOVE));
        }
        String p = ENTRY + "/properties/";
        cases.addAll(List.of(
                set(ENTRY + "/then/required/reused_from", "/metadata/files/0/reused_from", REMOVE),
                set(p + "name/type", "/metadata/files/1/name", List.of()),
                set(p + "name/pattern", "/metadata/files/1/name", "reflection/duckdb"),
                set(p + "object_key/type", "/metadata/files/1/object_key", 12),
                set(p + "object_key/minLength", "/metadata/files/1/object_key", ""),
                set(p + "original_size/type", "/metadata/files/1/original_size", "2000"),
                set(p + "original_size/minimum", "/metadata/files/1/original_size", -2000),
                set(p + "stored_size/type", "/metadata/files/1/stored_size", false),
                set(p + "stored_size/minimum", "/metadata/files/1/stored_size", -1),
                set(p + "sha256/type", "/metadata/files/1/sha256", 0),
                set(p + "sha256/pattern", "/metadata/files/1/sha256", "a".repeat(63)),
                set(p + "compression/enum", "/metadata/files/1/compression", "zip"),
                set(p + "part_count/type", "/metadata/files/1/part_count", 1.5),
                set(p + "part_count/minimum", "/metadata/files/1/part_count", -1),
                set(p + "reused_from/type", "/metadata/files/0/reused_from", null),
                set(p + "reused_from/pattern", "/metadata/files/0/reused_from", "../20251231T000000Z_s-0")));
        return cases;
    }

    private static Case set(String constraint, String pointer, Object value) {
        String property = Stream.of(pointer.split("/")).filter(s -> !s.isEmpty() && !s.matches("\\d+"))
                .reduce((a, b) -> b).orElseThrow();
        return new Case(constraint, property, m -> with(m, pointer, value));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenManifests")
    void bothRefuseAManifestThatBreaksOneConstraint(Case c) {
        JsonNode manifest = c.breakage().apply(valid());
        Set<String> schemaSays = locations(ManifestSchema.validate(manifest));
        assertTrue(schemaSays.contains(c.constraint()), "the schema reports " + schemaSays + " for " + manifest);
        InvalidManifestException refused = assertThrows(InvalidManifestException.class,
                () -> CODEC.read(bytes(manifest)), () -> "the codec accepts what breaks " + c + ": " + manifest);
        assertTrue(refused.problems().stream().anyMatch(p -> p.contains(c.mentions())),
                "a problem names " + c.mentions() + ": " + refused.problems());
    }

    static Stream<Arguments> validManifests() {
        return Stream.of(
                Arguments.of("as written", valid()),
                Arguments.of("uncompressed", uncompressed(with(valid(), "/compression_format", REMOVE))),
                Arguments.of("a compression_format though not compressed", with(valid(), "/compressed", false)),
                Arguments.of("lz4", with(with(valid(), "/compression_format", "lz4"), "/metadata/files/1/compression",
                        "lz4")),
                Arguments.of("fractional seconds", with(valid(), "/uploaded_at", "2026-01-01T00:00:05.250Z")),
                Arguments.of("lower bounds, total upper bound",
                        with(with(valid(), "/conversation_count", 0), "/total_size_bytes", 100_000_000_000L)),
                Arguments.of("conversation_count upper bound", with(valid(), "/conversation_count", 1_000_000)),
                Arguments.of("system_type of 50 characters outside the BMP",
                        with(valid(), "/system_type", "\uD83D\uDE00".repeat(50))),
                Arguments.of("version 12.34", with(valid(), "/version", "12.34")),
                Arguments.of("no file entries", with(valid(), "/metadata/files", List.of())),
                Arguments.of("both files reused", with(with(valid(), "/metadata/files/1/reused_from",
                        "20251231T000000Z_s-0"), "/metadata/files/1/part_count", 0)),
                Arguments.of("unknown properties everywhere", unknownPropertiesEverywhere(valid())));
    }

    private static ObjectNode uncompressed(ObjectNode m) {
        with(m, "/compressed", false);
        with(m, "/metadata/files/0/compression", "none");
        return with(m, "/metadata/files/1/compression", "none");
    }

    private static ObjectNode unknownPropertiesEverywhere(ObjectNode m) {
        m.put("comment", "added by a newer writer").putNull("nothing");
        ((ObjectNode) m.get("metadata")).putObject("host").put("os", "linux");
        ((ObjectNode) m.at("/metadata/uploader")).put("build", 17);
        ((ObjectNode) m.at("/metadata/files/1")).putArray("tags").add("db");
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validManifests")
    void bothAcceptAValidManifest(String variant, ObjectNode manifest) throws Exception {
        assertEquals(Set.of(), locations(ManifestSchema.validate(manifest)), manifest.toString());
        Manifest read = CODEC.read(bytes(manifest));
        assertEquals(List.of(), CODEC.validate(read));
    }

    /** Differences on purpose, pinned so that neither side drifts unnoticed. */
    @Test
    void theKnownDifferences() {
        // uploaded_at ahead of this clock: a rule only the codec can state
        String inAnHour = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertSchemaAcceptsCodecRefuses(with(valid(), "/uploaded_at", inAnHour), "uploaded_at is in the future");
        // 3.0 is an integer to JSON Schema; the codec reads integers written without a fraction (the sidecar writes 3)
        assertSchemaAcceptsCodecRefuses(with(valid(), "/conversation_count", 3.0),
                "conversation_count must be an integer");
        // the codec's types are Java's: part_count an int, sizes a long
        assertSchemaAcceptsCodecRefuses(with(valid(), "/metadata/files/1/part_count", 3_000_000_000L), "part_count");
    }

    private static void assertSchemaAcceptsCodecRefuses(ObjectNode manifest, String problem) {
        assertEquals(Set.of(), locations(ManifestSchema.validate(manifest)), manifest.toString());
        InvalidManifestException refused = assertThrows(InvalidManifestException.class,
                () -> CODEC.read(bytes(manifest)));
        assertTrue(refused.problems().stream().anyMatch(p -> p.contains(problem)), refused.problems().toString());
    }

    @Test
    void everyConstraintOfTheSchemaIsBrokenByACase() throws Exception {
        Set<String> constraints = new TreeSet<>();
        collect(ManifestSchema.document(), "#", constraints);
        Set<String> broken = brokenManifests().map(Case::constraint).collect(Collectors.toCollection(TreeSet::new));
        Set<String> untested = new TreeSet<>(constraints);
        untested.removeAll(broken);
        assertEquals(Set.of(), untested, "constraints of the schema no case breaks");
        Set<String> unknown = new TreeSet<>(broken);
        unknown.removeAll(constraints);
        assertEquals(Set.of(), unknown, "cases for constraints the schema does not have");
        assertFalse(constraints.isEmpty());
    }

    /** The location of each assertion in a (sub)schema: keywords, each required property, then the subschemas. */
    private static void collect(JsonNode schema, String at, Set<String> out) {
        for (Iterator<String> names = schema.fieldNames(); names.hasNext();) {
            String keyword = names.next();
            switch (keyword) {
                case "type", "pattern", "format", "minimum", "maximum", "minLength", "maxLength", "minItems", "enum",
                        "const", "not" -> out.add(at + "/" + keyword);
                case "required" -> schema.get(keyword).forEach(n -> out.add(at + "/required/" + n.asText()));
                case "items", "then" -> collect(schema.get(keyword), at + "/" + keyword, out);
                case "properties" -> schema.get(keyword).fields()
                        .forEachRemaining(p -> collect(p.getValue(), at + "/properties/" + p.getKey(), out));
                case "$schema", "title", "description", "if" -> {
                    // not assertions on the manifest ("if" only selects where "then" applies)
                }
                default -> throw new AssertionError("keyword " + keyword + " at " + at + " is new to this test");
            }
        }
    }

    /** Where each failure is in the schema; a missing required property named after {@code required}. */
    private static Set<String> locations(Set<ValidationMessage> messages) {
        return messages.stream()
                .map(m -> m.getSchemaLocation() + ("required".equals(m.getType()) ? "/" + m.getProperty() : ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}

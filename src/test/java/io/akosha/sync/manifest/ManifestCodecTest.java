package io.akosha.sync.manifest;

import static io.akosha.sync.manifest.ManifestSamples.REMOVE;
import static io.akosha.sync.manifest.ManifestSamples.bytes;
import static io.akosha.sync.manifest.ManifestSamples.valid;
import static io.akosha.sync.manifest.ManifestSamples.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.support.ManifestSchema;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncStatus;
import io.akosha.sync.compress.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {

    private final ManifestCodec codec = ManifestSamples.codec();

    @Test
    void whatTheFactoryBuildsIsWrittenReadBackAndPassesTheSchema() throws Exception {
        String uploadId = "20260101T000000Z_s-1";
        List<FileResult> stored = List.of(
                new FileResult("reflection.duckdb", 2000, "a".repeat(64), 900L,
                        "systems/laptop/" + uploadId + "/reflection.duckdb.gz", 1),
                new FileResult("graph.duckdb", 1000, "b".repeat(64), 400L,
                        "systems/laptop/" + uploadId + "/graph.duckdb.gz", 0, "20251231T000000Z_s-0"));
        Instant now = Instant.parse("2026-01-01T00:00:05.123Z");
        SyncRecord sync = new SyncRecord("sync-1", "s-1", "laptop", uploadId, null, "cloud", SyncStatus.UPLOADING, 1,
                3, List.of(), stored, null, null, now, now, null, null, null, List.of(), 0, null, null);
        Manifest manifest = new ManifestFactory("0.1.0").create(sync, stored, Compression.GZIP, ".gz", now);

        assertEquals(List.of(), codec.validate(manifest));
        byte[] json = codec.write(manifest);
        assertEquals(Set.of(), ManifestSchema.validate(ManifestSamples.MAPPER.readTree(json)));
        assertEquals(manifest, codec.read(json));
        assertEquals("2026-01-01T00:00:05Z", manifest.uploadedAt());
        assertEquals("20251231T000000Z_s-0", manifest.metadata().files().get(0).reusedFrom());
        assertNull(manifest.metadata().files().get(1).reusedFrom());
        assertFalse(new String(json, StandardCharsets.UTF_8).contains("null"), "nothing written as null");
    }

    @Test
    void theChecksumIsTheSha256OfSortedSha256sumLines() throws Exception {
        Manifest manifest = codec.read(bytes(valid()));
        String lines = "b".repeat(64) + "  graph.duckdb\n" + "a".repeat(64) + "  reflection.duckdb\n";
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(lines.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, ManifestCodec.checksum(manifest.metadata().files()));
        List<Manifest.FileEntry> reversed = new ArrayList<>(manifest.metadata().files());
        Collections.reverse(reversed);
        assertEquals(expected, ManifestCodec.checksum(reversed), "whatever the order of the entries");
    }

    @Test
    void aRefusedManifestListsEveryProblem() {
        ObjectNode manifest = with(with(with(valid(), "/checksum", REMOVE), "/metadata/session_id", "s 1"),
                "/metadata/files/0/part_count", -1);
        InvalidManifestException e = assertThrows(InvalidManifestException.class, () -> codec.read(bytes(manifest)));
        assertEquals(List.of("checksum is missing", "metadata.session_id must be 1..128 letters, digits, '_', '.' or '-'",
                "metadata.files[0].part_count must not be negative"), e.problems());
        assertEquals("invalid manifest: " + String.join("; ", e.problems()), e.getMessage());
    }

    @Test
    void aWrongTypeIsNamedByItsPath() {
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> codec.read(bytes(with(valid(), "/metadata/files/1/part_count", "1"))));
        assertEquals(List.of("metadata.files[1].part_count must be an integer"), e.problems());
    }

    @Test
    void anOptionalPropertyMayBeLeftOutButNotNull() throws Exception {
        ObjectNode uncompressed = with(with(valid(), "/compressed", false), "/compression_format", REMOVE);
        assertNull(codec.read(bytes(uncompressed)).compressionFormat());
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> codec.read(bytes(with(uncompressed, "/compression_format", null))));
        assertEquals(List.of("compression_format must not be null"), e.problems());
    }

    @Test
    void uploadedAtMayBeAheadOfThisClockByTheSkewOnly() throws Exception {
        Instant skew = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(ManifestRules.CLOCK_SKEW);
        codec.read(bytes(with(valid(), "/uploaded_at", skew.minusSeconds(30).toString())));
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> codec.read(bytes(with(valid(), "/uploaded_at", skew.plusSeconds(60).toString()))));
        assertEquals(List.of("uploaded_at is in the future"), e.problems());
    }

    @Test
    void notJsonAndNotAnObjectAreInvalidManifests() {
        for (String text : List.of("", "null", "[]", "\"manifest\"", "{\"version\":", new String(bytes(valid()),
                StandardCharsets.UTF_8) + " {}")) {
            InvalidManifestException e = assertThrows(InvalidManifestException.class,
                    () -> codec.read(text.getBytes(StandardCharsets.UTF_8)), text);
            assertEquals(1, e.problems().size(), e.problems().toString());
        }
    }

    @Test
    void aFailingStreamIsAnIoErrorNotAnInvalidManifest() {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream("{\"version\":".getBytes(
                StandardCharsets.UTF_8)), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });
        IOException e = assertThrows(IOException.class, () -> codec.read(failing));
        assertFalse(e instanceof InvalidManifestException, e.toString());
        assertEquals("connection reset", e.getMessage());
    }
}

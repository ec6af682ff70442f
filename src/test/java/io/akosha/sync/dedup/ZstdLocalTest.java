package io.akosha.sync.dedup;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.restore.Progress;
import io.akosha.sync.restore.UploadCatalog;
import io.akosha.sync.restore.UploadChecker;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.LocalDirResource;
import io.akosha.sync.support.Tools;
import io.akosha.sync.support.UploadVerifier;
import io.akosha.sync.compress.ChunkCompressor;
import io.akosha.sync.compress.Compression;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * zstd to the local directory: multi-frame objects the {@code zstd} tool reads, manifest
 * {@code compression_format: zstd}, restore and verify; and dedup state rebuilt from the newest manifest of
 * a system the journal has never delivered (another machine, a new spool directory), or not when that manifest
 * is invalid: logged, and the file sent again.
 */
@QuarkusTest
@TestProfile(ZstdLocalTest.Zstd.class)
@QuarkusTestResource(value = LocalDirResource.class, restrictToAnnotatedClass = true)
class ZstdLocalTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static class Zstd implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("akosha.compression", "zstd", "akosha.upload.chunk-size", "256K");
        }
    }

    @ConfigProperty(name = "akosha.data-dir")
    Path dataDir;

    @ConfigProperty(name = "akosha.local.dir")
    Path store;

    @Inject
    UploadCatalog catalog;

    @Inject
    UploadChecker checker;

    @Test
    void deliversZstdFramesThatTheZstdToolAndRestoreRead() throws Exception {
        Path db = dataDir.resolve("reflection.duckdb");
        DuckDb.create(db, 50_000);
        JsonNode sync = awaitDelivered(endSession("zstd-1", "{\"files\":[\"reflection.duckdb\"]}"),
                Duration.ofSeconds(60));
        JsonNode manifest = UploadVerifier.verify(UploadVerifier.directory(store), sync, null);
        assertEquals("zstd", manifest.get("compression_format").asText());
        assertEquals("reflection.duckdb.zst", manifest.get("files").get(0).asText());
        JsonNode file = sync.get("files").get(0);
        assertTrue(file.get("stored_bytes").asLong() < file.get("size").asLong(), file.toString());
        if (Tools.available("zstd")) {
            Path object = store.resolve(file.get("object_key").asText());
            assertEquals(file.get("sha256").asText(),
                    Tools.run("sh", "-c", "zstd -dc '" + object + "' | sha256sum | cut -d' ' -f1"));
        }
        Path target = Files.createTempDirectory("zstd-restore");
        UploadChecker.Report report = checker.check(upload(sync), target, false, quiet());
        assertTrue(report.intact(), report.problems().toString());
        assertEquals(DuckDb.fingerprint(db, "reflections"),
                DuckDb.fingerprint(target.resolve("reflection.duckdb"), "reflections"));
    }

    @Test
    void dedupStateIsRebuiltFromTheNewestManifestWhenTheJournalHasNone() throws Exception {
        Path db = dataDir.resolve("elsewhere.duckdb");
        DuckDb.create(db, 8_000);
        String earlierKey = "systems/other-machine/20260101T000000Z_old/elsewhere.duckdb.zst";
        long stored = writeZstd(db, store.resolve(earlierKey));
        String sha = UploadVerifier.sha256(db);
        writeManifest(earlierManifest("other-machine", db, earlierKey, stored, sha));

        JsonNode sync = awaitDelivered(endSession("rebuilt-1",
                "{\"system_id\":\"other-machine\",\"files\":[\"elsewhere.duckdb\"]}"), Duration.ofSeconds(60));
        JsonNode file = sync.get("files").get(0);
        assertEquals(0, file.get("parts").asInt(), "reused: " + file);
        assertEquals(sync.get("manifest_key").asText().replace("manifest.json", "elsewhere.duckdb.zst"),
                file.get("object_key").asText(), "copied into its own upload");
        assertTrue(Files.isRegularFile(store.resolve(file.get("object_key").asText())));
        assertEquals(stored, file.get("stored_bytes").asLong());
        Path target = Files.createTempDirectory("rebuilt-restore");
        UploadChecker.Report report = checker.check(upload(sync), target, false, quiet());
        assertTrue(report.intact(), report.problems().toString());
        assertEquals(sha, UploadVerifier.sha256(target.resolve("elsewhere.duckdb")));
    }

    @Test
    void anInvalidNewestManifestIsLoggedAndItsFilesAreSentAgain() throws Exception {
        Path db = dataDir.resolve("broken.duckdb");
        DuckDb.create(db, 4_000);
        String earlierKey = "systems/broken-machine/20260101T000000Z_old/broken.duckdb.zst";
        long stored = writeZstd(db, store.resolve(earlierKey));
        ObjectNode manifest = earlierManifest("broken-machine", db, earlierKey, stored, UploadVerifier.sha256(db));
        ((ObjectNode) manifest.at("/metadata/files/0")).remove("sha256");
        String manifestKey = writeManifest(manifest);

        JsonNode sync = awaitDelivered(endSession("broken-1",
                "{\"system_id\":\"broken-machine\",\"files\":[\"broken.duckdb\"]}"), Duration.ofSeconds(60));
        JsonNode file = sync.get("files").get(0);
        assertTrue(file.get("parts").asInt() >= 1, "sent again: " + file);
        assertTrue(checker.check(upload(sync), null, false, quiet()).intact());
        List<String> warnings = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("target/quarkus-test-json.log"))) {
            JsonNode entry = line.startsWith("{") ? UploadVerifier.json(line) : MAPPER.createObjectNode();
            if (entry.path("loggerName").asText().equals(LastDelivered.class.getName())
                    && entry.path("message").asText().contains(manifestKey)) {
                warnings.add(entry.path("level").asText() + " " + entry.path("message").asText());
            }
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("WARN")
                && warnings.get(0).contains("metadata.files[0].sha256 is missing"), warnings.get(0));
    }

    @Test
    void anUploadWrittenBeforeUploadsWereSelfContainedStillVerifiesAndRestoresWithANote() throws Exception {
        Path db = dataDir.resolve("legacy.duckdb");
        DuckDb.create(db, 3_000);
        String earlierKey = "systems/legacy-machine/20260101T000000Z_old/legacy.duckdb.zst";
        long stored = writeZstd(db, store.resolve(earlierKey));
        String sha = UploadVerifier.sha256(db);
        writeManifest(earlierManifest("legacy-machine", db, earlierKey, stored, sha));
        // what dedup wrote until now: the newer manifest names the earlier upload's object, in no part
        ObjectNode legacy = earlierManifest("legacy-machine", db, earlierKey, stored, sha);
        ((ObjectNode) legacy.get("metadata")).put("upload_id", "20260102T000000Z_newer");
        ((ObjectNode) legacy.at("/metadata/files/0")).put("part_count", 0).put("reused_from", "20260101T000000Z_old");
        Files.createDirectories(store.resolve("systems/legacy-machine/20260102T000000Z_newer"));
        writeManifest(legacy);

        UploadCatalog.Upload newer = catalog.uploads("legacy-machine").stream()
                .filter(u -> u.uploadId().equals("20260102T000000Z_newer")).findFirst().orElseThrow();
        Path target = Files.createTempDirectory("legacy-restore");
        UploadChecker.Report report = checker.check(newer, target, false, quiet());
        assertTrue(report.intact(), report.problems().toString());
        assertEquals(1, report.notes().size(), report.notes().toString());
        assertTrue(report.notes().get(0).startsWith(earlierKey + ": outside this upload"), report.notes().get(0));
        assertEquals(sha, UploadVerifier.sha256(target.resolve("legacy.duckdb")));
    }

    /** The manifest another machine's sidecar would have written for one zstd file. */
    private static ObjectNode earlierManifest(String systemId, Path db, String objectKey, long stored, String sha)
            throws Exception {
        String name = db.getFileName().toString();
        String lines = sha + "  " + name + "\n";
        ObjectNode manifest = MAPPER.createObjectNode().put("uploaded_at", "2026-01-01T00:00:05Z")
                .put("conversation_count", 0).put("total_size_bytes", Files.size(db)).put("version", "1.0")
                .put("system_type", "session-buddy").put("compressed", true).put("compression_format", "zstd")
                .put("checksum", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(lines.getBytes(StandardCharsets.UTF_8))));
        manifest.putArray("files").add(name + ".zst");
        ObjectNode metadata = manifest.putObject("metadata").put("upload_id", "20260101T000000Z_old")
                .put("system_id", systemId).put("session_id", "old");
        metadata.putObject("uploader").put("name", "akosha-sync").put("version", "0.0.9");
        metadata.putArray("files").addObject().put("name", name).put("object_key", objectKey)
                .put("original_size", Files.size(db)).put("stored_size", stored).put("sha256", sha)
                .put("compression", "zstd").put("part_count", 1);
        return manifest;
    }

    /** Writes {@code manifest} where its upload's objects are; its key. */
    private String writeManifest(ObjectNode manifest) throws Exception {
        String key = "systems/" + manifest.at("/metadata/system_id").asText() + "/"
                + manifest.at("/metadata/upload_id").asText() + "/manifest.json";
        Files.write(store.resolve(key), MAPPER.writeValueAsBytes(manifest));
        return key;
    }

    /** The object another machine's sidecar would have stored: one zstd frame per 256 KiB. */
    private static long writeZstd(Path source, Path object) throws Exception {
        Files.createDirectories(object.getParent());
        byte[] bytes = Files.readAllBytes(source); // a small test database
        long stored = 0;
        try (ChunkCompressor zstd = new ChunkCompressor(Compression.ZSTD, 3, 256 * 1024);
                OutputStream out = Files.newOutputStream(object)) {
            for (int off = 0; off < bytes.length; off += 256 * 1024) {
                int n = Math.min(256 * 1024, bytes.length - off);
                zstd.compress(Arrays.copyOfRange(bytes, off, off + n), n);
                out.write(zstd.buffer(), 0, zstd.length());
                stored += zstd.length();
            }
        }
        return stored;
    }

    private UploadCatalog.Upload upload(JsonNode sync) throws Exception {
        return catalog.uploads(sync.get("system_id").asText()).stream()
                .filter(u -> u.uploadId().equals(sync.get("upload_id").asText())).findFirst().orElseThrow();
    }

    private static Progress quiet() {
        return new Progress(new PrintStream(PrintStream.nullOutputStream()), false, true);
    }
}

package io.akosha.sync.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ValidationMessage;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads an upload back the way Akosha would: manifest first, validated against the brief's rules (the published
 * schema, {@link ManifestSchema}), then every object, decompressed (the JDK's gzip reader for gzip) and compared
 * byte for byte (SHA-256).
 */
public final class UploadVerifier {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private UploadVerifier() {
    }

    /** Where stored objects are read from. */
    public interface Objects {
        InputStream open(String key) throws IOException;
    }

    public static Objects s3(S3Client client, String bucket) {
        return key -> client.getObject(b -> b.bucket(bucket).key(key));
    }

    public static Objects directory(Path root) {
        return key -> Files.newInputStream(root.resolve(key));
    }

    public static JsonNode json(String text) throws IOException {
        return MAPPER.readTree(text);
    }

    /**
     * Verifies the delivered sync and restores its files (decompressed) into {@code restoreDir} (when not null).
     *
     * @return the manifest
     */
    public static JsonNode verify(Objects objects, JsonNode sync, Path restoreDir) throws Exception {
        assertEquals("delivered", sync.get("status").asText());
        JsonNode manifest;
        try (InputStream in = objects.open(sync.get("manifest_key").asText())) {
            manifest = MAPPER.readTree(in);
        }
        Set<ValidationMessage> errors = ManifestSchema.validate(manifest);
        assertTrue(errors.isEmpty(), "manifest violates the brief's rules: " + errors + "\n" + manifest);
        assertEquals("1.0", manifest.get("version").asText(), "the manifest format this sidecar writes");
        Instant uploadedAt = Instant.parse(manifest.get("uploaded_at").asText());
        assertTrue(uploadedAt.isBefore(Instant.now().plus(Duration.ofMinutes(5))), "uploaded_at in the future");
        assertTrue(uploadedAt.isAfter(Instant.now().minus(Duration.ofDays(365))), "uploaded_at too old");

        JsonNode metadata = manifest.get("metadata");
        assertEquals(sync.get("upload_id").asText(), metadata.get("upload_id").asText());
        assertEquals(sync.get("system_id").asText(), metadata.get("system_id").asText());
        assertEquals(sync.get("session_id").asText(), metadata.get("session_id").asText());

        if (restoreDir != null) {
            Files.createDirectories(restoreDir);
        }
        TreeMap<String, String> shaByName = new TreeMap<>();
        List<String> storedNames = new ArrayList<>();
        long total = 0;
        String manifestKey = sync.get("manifest_key").asText();
        String ownPrefix = manifestKey.substring(0, manifestKey.lastIndexOf('/') + 1);
        for (JsonNode file : metadata.get("files")) {
            String name = file.get("name").asText();
            assertTrue(file.get("object_key").asText().startsWith(ownPrefix),
                    "self-contained: " + file.get("object_key").asText() + " lies under " + ownPrefix);
            String sha;
            long size;
            try (InputStream in = decode(file.get("compression").asText(), objects.open(file.get("object_key").asText()));
                    OutputStream out = restoreDir == null ? OutputStream.nullOutputStream()
                            : Files.newOutputStream(restoreDir.resolve(name))) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                size = in.transferTo(new DigestOutputStream(out, digest));
                sha = HexFormat.of().formatHex(digest.digest());
            }
            assertEquals(file.get("sha256").asText(), sha, "SHA-256 of restored " + name);
            assertEquals(file.get("original_size").asLong(), size, "size of restored " + name);
            shaByName.put(name, sha);
            storedNames.add(file.get("object_key").asText().substring(file.get("object_key").asText().lastIndexOf('/') + 1));
            total += size;
            JsonNode reported = findFile(sync, name);
            assertEquals(sha, reported.get("sha256").asText(), "sync status reports the same SHA-256");
            assertEquals(file.get("stored_size").asLong(), reported.get("stored_bytes").asLong());
        }
        assertEquals(total, manifest.get("total_size_bytes").asLong());
        List<String> listed = new ArrayList<>();
        manifest.get("files").forEach(f -> listed.add(f.asText()));
        assertEquals(storedNames, listed, "files lists the stored object names");

        StringBuilder lines = new StringBuilder();
        shaByName.forEach((name, sha) -> lines.append(sha).append("  ").append(name).append('\n'));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(lines.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, manifest.get("checksum").asText(), "manifest checksum (sha256sum lines, sorted)");
        return manifest;
    }

    /** The JDK's gzip reader for gzip; aircompressor's zstd reader for zstd (the CLI checks it in the tests). */
    public static InputStream decode(String compression, InputStream raw) throws IOException {
        return switch (compression) {
            case "gzip" -> new GZIPInputStream(raw, 65536);
            case "zstd" -> new ZstdInputStream(raw);
            case "none" -> raw;
            default -> throw new AssertionError("unknown compression " + compression);
        };
    }

    private static JsonNode findFile(JsonNode sync, String name) {
        for (JsonNode f : sync.get("files")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("sync status does not list " + name);
    }

    public static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

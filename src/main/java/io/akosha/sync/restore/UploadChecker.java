package io.akosha.sync.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.manifest.ManifestFactory;
import io.akosha.sync.manifest.Sha256;
import io.akosha.sync.spool.Fsync;
import io.akosha.sync.upload.Compression;
import io.akosha.sync.upload.Destination;
import io.akosha.sync.upload.Layout;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an upload back the way Akosha would: manifest first (checked against Akosha's rules), then every
 * object streamed, decompressed and hashed. Verify stops there; restore also writes each file to a temp
 * file beside its target, fsyncs it and renames it into place only when its SHA-256 matches. Memory is a
 * stream buffer, whatever the file size.
 */
@ApplicationScoped
public class UploadChecker {

    private final Destination destination;
    private final ObjectMapper mapper;

    public UploadChecker(Destination destination, ObjectMapper mapper) {
        this.destination = destination;
        this.mapper = mapper;
    }

    /**
     * Checks (and with a target directory, restores) one upload.
     *
     * @param target where to restore, or null to verify only
     */
    public Report check(UploadCatalog.Upload upload, Path target, boolean force, Progress progress) {
        List<String> problems = new ArrayList<>();
        List<String> restored = new ArrayList<>();
        if (upload.manifestKey() == null) {
            problems.add("incomplete upload: no " + Layout.MANIFEST + " (objects " + upload.objectKeys() + ")");
            return new Report(upload, restored, problems);
        }
        JsonNode manifest;
        try (InputStream in = destination.read(upload.manifestKey())) {
            manifest = mapper.readTree(in);
        } catch (IOException e) {
            problems.add(upload.manifestKey() + ": unreadable manifest (" + e.getClass().getSimpleName() + ")");
            return new Report(upload, restored, problems);
        }
        ManifestRules.problems(manifest).forEach(p -> problems.add(upload.manifestKey() + ": " + p));
        JsonNode files = manifest.path("metadata").path("files");
        if (target != null && !force) {
            for (JsonNode file : files) {
                if (Files.exists(target.resolve(file.path("name").asText()))) {
                    problems.add(target.resolve(file.path("name").asText()) + " exists; use --force to overwrite");
                }
            }
            if (!problems.isEmpty()) {
                return new Report(upload, restored, problems);
            }
        }
        Set<String> listed = new HashSet<>();
        TreeMap<String, String> shaByName = new TreeMap<>();
        for (JsonNode file : files) {
            String key = file.path("object_key").asText();
            String name = file.path("name").asText();
            listed.add(key);
            shaByName.put(name, file.path("sha256").asText());
            Compression format = Compression.fromEntryName(file.path("compression").asText());
            if (format == null) {
                problems.add(key + ": unknown compression '" + file.path("compression").asText() + "'");
                continue;
            }
            try {
                // a deduplicated file references an object of an earlier upload
                if (!upload.objectKeys().contains(key) && !destination.exists(key)) {
                    problems.add(key + ": missing object");
                    continue;
                }
                String sha = copy(key, format, target, name,
                        file.path("sha256").asText(), file.path("original_size").asLong(), progress);
                if (!sha.equals(file.path("sha256").asText())) {
                    problems.add(key + ": SHA-256 " + sha + " does not match the manifest");
                } else if (target != null) {
                    restored.add(name);
                }
            } catch (IOException e) {
                problems.add(key + ": cannot read (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            }
        }
        for (String key : upload.objectKeys()) {
            if (!key.equals(upload.manifestKey()) && !listed.contains(key)) {
                problems.add(key + ": object not listed in the manifest");
            }
        }
        if (!ManifestFactory.checksum(shaByName).equals(manifest.path("checksum").asText())) {
            problems.add(upload.manifestKey() + ": checksum does not match the files it lists");
        }
        return new Report(upload, restored, problems);
    }

    /** Streams one object through decompression and SHA-256, into {@code target/name} when restoring. */
    private String copy(String key, Compression format, Path target, String name, String expected, long size,
            Progress progress) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        Path tmp = target == null ? null : target.resolve("." + name + ".restoring");
        try (InputStream raw = destination.read(key);
                InputStream in = format.decode(raw);
                OutputStream out = new DigestOutputStream(tmp == null ? OutputStream.nullOutputStream()
                        : Files.newOutputStream(tmp), digest)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            long done = 0;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                done += n;
                progress.advance(name, done, size);
            }
        }
        String sha = Sha256.hex(digest);
        if (tmp != null) {
            if (sha.equals(expected)) {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                Files.move(tmp, target.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                Fsync.directory(target);
            } else {
                Files.deleteIfExists(tmp);
            }
        }
        progress.done(name);
        return sha;
    }

    /** The manifest of a complete upload, for listings; null when there is none or it cannot be read. */
    public JsonNode manifest(UploadCatalog.Upload upload) {
        if (upload.manifestKey() == null) {
            return null;
        }
        try (InputStream in = destination.read(upload.manifestKey())) {
            return mapper.readTree(in);
        } catch (IOException e) {
            return null;
        }
    }

    /** What one upload's check found. */
    public record Report(UploadCatalog.Upload upload, List<String> restored, List<String> problems) {

        public boolean intact() {
            return problems.isEmpty();
        }
    }
}

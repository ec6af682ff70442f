package io.akosha.sync.restore;

import io.akosha.sync.manifest.InvalidManifestException;
import io.akosha.sync.manifest.Manifest;
import io.akosha.sync.manifest.ManifestCodec;
import io.akosha.sync.digest.Digests;
import io.akosha.sync.spool.AtomicFile;
import io.akosha.sync.compress.Compression;
import io.akosha.sync.upload.Destination;
import io.akosha.sync.upload.Layout;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads an upload back the way Akosha would: manifest first (an invalid one is reported and nothing more is
 * read), then every object streamed, decompressed and hashed. Verify stops there; restore also writes each file
 * to a temp file beside its target, fsyncs it and renames it into place only when its SHA-256 matches. Memory is
 * a stream buffer, whatever the file size.
 */
@ApplicationScoped
public class UploadChecker {

    private final Destination destination;
    private final ManifestCodec codec;

    public UploadChecker(Destination destination, ManifestCodec codec) {
        this.destination = destination;
        this.codec = codec;
    }

    /**
     * Checks (and with a target directory, restores) one upload.
     *
     * @param target where to restore, or null to verify only
     */
    public Report check(UploadCatalog.Upload upload, Path target, boolean force, Progress progress) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> restored = new ArrayList<>();
        if (upload.manifestKey() == null) {
            problems.add("incomplete upload: no " + Layout.MANIFEST + " (objects " + upload.objectKeys() + ")");
            return new Report(upload, restored, problems, notes);
        }
        Manifest manifest;
        try (InputStream in = destination.read(upload.manifestKey())) {
            manifest = codec.read(in);
        } catch (InvalidManifestException e) {
            e.problems().forEach(p -> problems.add(upload.manifestKey() + ": " + p));
            return new Report(upload, restored, problems, notes);
        } catch (IOException e) {
            problems.add(upload.manifestKey() + ": unreadable manifest (" + e.getClass().getSimpleName() + ")");
            return new Report(upload, restored, problems, notes);
        }
        List<Manifest.FileEntry> files = manifest.metadata().files();
        if (target != null && !force) {
            for (Manifest.FileEntry file : files) {
                if (Files.exists(target.resolve(file.name()))) {
                    problems.add(target.resolve(file.name()) + " exists; use --force to overwrite");
                }
            }
            if (!problems.isEmpty()) {
                return new Report(upload, restored, problems, notes);
            }
        }
        String ownPrefix = Layout.uploadPrefixOf(upload.manifestKey());
        for (Manifest.FileEntry file : files) {
            checkFile(upload, file, target, progress, problems).ifPresent(restored::add);
            if (!file.objectKey().startsWith(ownPrefix)) {
                notes.add(file.objectKey() + ": outside this upload (written before uploads were self-contained);"
                        + " deleting the upload that holds it breaks this one");
            }
        }
        Set<String> listed = files.stream().map(Manifest.FileEntry::objectKey).collect(Collectors.toSet());
        for (String key : upload.objectKeys()) {
            if (!key.equals(upload.manifestKey()) && !listed.contains(key)) {
                problems.add(key + ": object not listed in the manifest");
            }
        }
        if (!ManifestCodec.checksum(files).equals(manifest.checksum())) {
            problems.add(upload.manifestKey() + ": checksum does not match the files it lists");
        }
        return new Report(upload, restored, problems, notes);
    }

    /** Reads one file's object back (into {@code target} when restoring); its name when it was restored. */
    private Optional<String> checkFile(UploadCatalog.Upload upload, Manifest.FileEntry file, Path target,
            Progress progress, List<String> problems) {
        String key = file.objectKey();
        Compression format = Compression.fromEntryName(file.compression());
        if (format == null) {
            problems.add(key + ": unknown compression '" + file.compression() + "'");
            return Optional.empty();
        }
        try {
            // an upload written before uploads were self-contained references its unchanged files in an earlier one
            if (!upload.objectKeys().contains(key) && !destination.exists(key)) {
                problems.add(key + ": missing object");
                return Optional.empty();
            }
            String sha = copy(key, format, target, file.name(), file.sha256(), file.originalSize(), progress);
            if (!sha.equals(file.sha256())) {
                problems.add(key + ": SHA-256 " + sha + " does not match the manifest");
            } else if (target != null) {
                return Optional.of(file.name());
            }
        } catch (IOException e) {
            problems.add(key + ": cannot read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        return Optional.empty();
    }

    /** Streams one object through decompression and SHA-256, into {@code target/name} when restoring. */
    private String copy(String key, Compression format, Path target, String name, String expected, long size,
            Progress progress) throws IOException {
        String[] sha = new String[1];
        if (target == null) {
            sha[0] = stream(key, format, OutputStream.nullOutputStream(), name, size, progress);
        } else {
            try {
                AtomicFile.write(target.resolve(name), channel -> {
                    sha[0] = stream(key, format, Channels.newOutputStream(channel), name, size, progress);
                    if (!sha[0].equals(expected)) {
                        throw new NotIntact(); // the file already there stays as it was
                    }
                });
            } catch (NotIntact damaged) {
                // reported by the caller, which compares the digest
            }
        }
        progress.done(name);
        return sha[0];
    }

    /** Streams one object through decompression into {@code out}; returns the SHA-256 of what came out. */
    private String stream(String key, Compression format, OutputStream out, String name, long size,
            Progress progress) throws IOException {
        MessageDigest digest = Digests.sha256();
        try (InputStream raw = destination.read(key); InputStream in = format.decode(raw)) {
            OutputStream digesting = new DigestOutputStream(out, digest);
            byte[] buffer = new byte[64 * 1024];
            int n;
            long done = 0;
            while ((n = in.read(buffer)) > 0) {
                digesting.write(buffer, 0, n);
                done += n;
                progress.advance(name, done, size);
            }
            digesting.flush();
        }
        return Digests.hex(digest);
    }

    /** A restored copy whose bytes do not match the manifest: not renamed into place. */
    private static final class NotIntact extends IOException {
        NotIntact() {
            super("restored bytes do not match the manifest");
        }
    }

    /** The manifest of a complete upload, for listings; empty when there is none or it is unreadable or invalid. */
    public Optional<Manifest> manifest(UploadCatalog.Upload upload) {
        if (upload.manifestKey() == null) {
            return Optional.empty();
        }
        try (InputStream in = destination.read(upload.manifestKey())) {
            return Optional.of(codec.read(in));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * What one upload's check found: problems make it not intact; notes (an object it lists lies under another
     * upload's prefix) do not.
     */
    public record Report(UploadCatalog.Upload upload, List<String> restored, List<String> problems,
            List<String> notes) {

        public boolean intact() {
            return problems.isEmpty();
        }
    }
}

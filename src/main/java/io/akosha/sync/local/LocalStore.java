package io.akosha.sync.local;

import io.akosha.sync.digest.Digests;
import io.akosha.sync.store.MultipartUpload;
import io.akosha.sync.store.ObjectStore;
import io.akosha.sync.store.PartBody;
import io.akosha.sync.store.StoredPart;
import io.akosha.sync.spool.AtomicFile;
import io.akosha.sync.store.UploadGoneException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory laid out like the bucket. Every file is written to a temporary file beside its final name, fsynced
 * and renamed atomically ({@link AtomicFile}), so a reader sees either nothing or the whole object. A multipart
 * upload keeps its parts in {@code .multipart/<upload id>/}, one file per part named by number and MD5 (its ETag),
 * and completes by joining them into the object; hidden names (starting with a dot) are never listed as objects.
 */
public final class LocalStore implements ObjectStore {

    private static final String UPLOADS = ".multipart";
    private static final String KEY_FILE = "key";
    private static final Pattern PART_FILE = Pattern.compile("(\\d{5})\\.([0-9a-f]{32})");
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f-]{36}");

    private final Path root;

    public LocalStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void probe() throws IOException {
        Files.createDirectories(root);
        Files.delete(Files.createTempFile(root, ".probe", AtomicFile.TMP_SUFFIX));
    }

    @Override
    public void put(String key, PartBody body, String contentType) throws IOException {
        AtomicFile.write(resolve(key), ch -> AtomicFile.writeFully(ch, body.buffer(), body.length()));
    }

    @Override
    public String createMultipart(String key, String contentType) throws IOException {
        resolve(key);
        String uploadId = UUID.randomUUID().toString();
        Path dir = Files.createDirectories(root.resolve(UPLOADS).resolve(uploadId));
        byte[] name = key.getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(dir.resolve(KEY_FILE), ch -> AtomicFile.writeFully(ch, name, name.length));
        return uploadId;
    }

    @Override
    public String uploadPart(String key, String uploadId, int number, PartBody body) throws IOException {
        Path dir = upload(key, uploadId).orElseThrow(() -> new UploadGoneException(key));
        String etag = Digests.md5Hex(body.buffer(), body.length());
        String prefix = String.format("%05d.", number);
        try (Stream<Path> earlier = Files.list(dir)) {
            for (Path p : earlier.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                Files.deleteIfExists(p);
            }
        }
        AtomicFile.write(dir.resolve(prefix + etag), ch -> AtomicFile.writeFully(ch, body.buffer(), body.length()));
        return etag;
    }

    @Override
    public Optional<Map<Integer, StoredPart>> listParts(String key, String uploadId) throws IOException {
        Optional<Path> dir = upload(key, uploadId);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, StoredPart> parts = new HashMap<>();
        try (Stream<Path> files = Files.list(dir.get())) {
            for (Path p : files.toList()) {
                Matcher m = PART_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    int number = Integer.parseInt(m.group(1));
                    parts.put(number, new StoredPart(number, m.group(2), Files.size(p), null));
                }
            }
        }
        return Optional.of(parts);
    }

    @Override
    public void complete(String key, String uploadId, List<StoredPart> parts) throws IOException {
        Path dir = upload(key, uploadId).orElseThrow(() -> new UploadGoneException(key));
        List<Path> files = new ArrayList<>();
        for (StoredPart part : parts) {
            Path file = dir.resolve(String.format("%05d.%s", part.number(), StoredPart.unquoted(part.etag())));
            if (!Files.isRegularFile(file)) {
                throw new IOException("part " + part.number() + " of " + key + " is not at the local destination");
            }
            files.add(file);
        }
        AtomicFile.write(resolve(key), ch -> {
            for (Path file : files) {
                AtomicFile.append(ch, file);
            }
        });
        deleteTree(dir);
    }

    @Override
    public void abort(String key, String uploadId) throws IOException {
        Optional<Path> dir = upload(key, uploadId);
        if (dir.isPresent()) {
            deleteTree(dir.get());
        }
    }

    @Override
    public List<MultipartUpload> listMultiparts(String prefix) throws IOException {
        Path uploads = root.resolve(UPLOADS);
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        List<MultipartUpload> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(uploads)) {
            for (Path dir : dirs.filter(d -> UPLOAD_ID.matcher(d.getFileName().toString()).matches()).toList()) {
                Path keyFile = dir.resolve(KEY_FILE);
                try {
                    String key = Files.readString(keyFile);
                    if (key.startsWith(prefix)) {
                        found.add(new MultipartUpload(key, dir.getFileName().toString(),
                                Files.getLastModifiedTime(keyFile).toInstant()));
                    }
                } catch (NoSuchFileException half) {
                    // created but not yet named, or being aborted: not an upload yet
                }
            }
        }
        return found;
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace(File.separatorChar, '/'))
                    .filter(k -> !k.startsWith(".") && !k.contains("/."))
                    .filter(k -> k.startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    /** A hard link where the file system has them (an object is never written again once visible), else a copy. */
    @Override
    public void copy(String source, String target) throws IOException {
        AtomicFile.linkOrCopy(resolve(source), resolve(target));
    }

    @Override
    public InputStream read(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public OptionalLong head(String key) throws IOException {
        Path file = resolve(key);
        return Files.isRegularFile(file) ? OptionalLong.of(Files.size(file)) : OptionalLong.empty();
    }

    /** The directory of an upload of {@code key}; empty when there is none (never made, completed, aborted). */
    private Optional<Path> upload(String key, String uploadId) throws IOException {
        if (!UPLOAD_ID.matcher(uploadId).matches()) {
            return Optional.empty();
        }
        Path dir = root.resolve(UPLOADS).resolve(uploadId);
        try {
            return key.equals(Files.readString(dir.resolve(KEY_FILE))) ? Optional.of(dir) : Optional.empty();
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    private Path resolve(String key) throws IOException {
        Path target = root.resolve(key).normalize();
        if (!target.startsWith(root) || target.equals(root) || key.startsWith(".") || key.contains("/.")) {
            throw new IOException("object key '" + key + "' is not a valid key for the local destination");
        }
        return target;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException gone) {
            // already deleted
        }
    }
}

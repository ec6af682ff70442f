package io.akosha.sync.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.manifest.Manifest;
import io.akosha.sync.manifest.ManifestFactory;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SyncRecord;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/**
 * Streams the staged files of a sync to the destination, chunk by chunk: each chunk is hashed (SHA-256 of
 * the original bytes), compressed into its own gzip member and handed to the destination, which cuts parts
 * between members. Memory is one chunk, its compressed form and one part, whatever the file size. The
 * manifest goes last, after every file is committed.
 */
@ApplicationScoped
public class Uploader {

    private static final Logger LOG = Logger.getLogger(Uploader.class);

    private final Destination destination;
    private final Layout layout;
    private final ManifestFactory manifests;
    private final ObjectMapper mapper;
    private final UploadConfig upload;
    private final CompressionConfig compression;

    public Uploader(Destination destination, Layout layout, ManifestFactory manifests, ObjectMapper mapper,
            UploadConfig upload, CompressionConfig compression) {
        this.destination = destination;
        this.layout = layout;
        this.manifests = manifests;
        this.mapper = mapper;
        this.upload = upload;
        this.compression = compression;
    }

    public String destinationName() {
        return destination.name();
    }

    /**
     * Uploads every staged file, then the manifest. Retried as a whole on failure (exponential backoff with
     * jitter; a retry sends the same staged bytes to the same keys, and nothing is visible to Akosha before
     * the manifest).
     */
    @Retry(maxRetries = 3, delay = 1000, jitter = 500)
    @ExponentialBackoff(factor = 2, maxDelay = 30_000)
    public Delivery upload(SyncRecord sync, Path stagingDir) throws IOException {
        Compression format = compression.compression();
        List<FileResult> stored = new ArrayList<>();
        for (FileResult file : sync.files()) {
            stored.add(uploadFile(sync, stagingDir.resolve(file.name()), file, format));
        }
        Manifest manifest = manifests.create(sync, stored, format, format.suffix(), Instant.now());
        String manifestKey = layout.key(sync.systemId(), sync.uploadId(), Layout.MANIFEST);
        destination.put(manifestKey, mapper.writeValueAsBytes(manifest), "application/json");
        LOG.infof("Sync %s delivered to %s: %d files, manifest %s", sync.syncId(), destination.name(),
                stored.size(), manifestKey);
        return new Delivery(stored, manifestKey);
    }

    private FileResult uploadFile(SyncRecord sync, Path staged, FileResult file, Compression format)
            throws IOException {
        String key = layout.key(sync.systemId(), sync.uploadId(), file.name() + format.suffix());
        int chunkSize = (int) upload.chunkSize().asLongValue();
        byte[] chunk = new byte[chunkSize];
        MessageDigest sha = sha256();
        long original = 0;
        long stored = 0;
        try (InputStream in = Files.newInputStream(staged);
                ChunkCompressor compressor = new ChunkCompressor(format, compression.compressionLevel(), chunkSize);
                ObjectSink sink = destination.open(key, format.contentType())) {
            int n;
            while ((n = in.readNBytes(chunk, 0, chunkSize)) > 0) {
                sha.update(chunk, 0, n);
                compressor.compress(chunk, n);
                sink.write(compressor.buffer(), 0, compressor.length());
                original += n;
                stored += compressor.length();
            }
            if (original == 0) { // an empty file is still one valid (empty) gzip member
                compressor.compress(chunk, 0);
                sink.write(compressor.buffer(), 0, compressor.length());
                stored = compressor.length();
            }
            if (original != file.size()) {
                throw new IOException("staged copy of '" + file.name() + "' has " + original + " bytes, expected "
                        + file.size());
            }
            int parts = sink.commit();
            return new FileResult(file.name(), original, HexFormat.of().formatHex(sha.digest()), stored, key, parts);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What an upload stored. */
    public record Delivery(List<FileResult> files, String manifestKey) {
    }
}

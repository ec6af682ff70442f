package io.akosha.sync.upload;

import io.akosha.sync.app.Shutdown;
import io.akosha.sync.manifest.Sha256;
import io.akosha.sync.sync.FileResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Streams one staged file into a destination object, chunk by chunk: each chunk is hashed (SHA-256 of the
 * original bytes), compressed into its own gzip member and written whole, so the destination can cut
 * parts between members. Memory is one chunk and its compressed form, whatever the file size.
 */
@ApplicationScoped
public class FileStreamer {

    private final UploadConfig upload;
    private final CompressionConfig compression;
    private final Shutdown shutdown;

    public FileStreamer(UploadConfig upload, CompressionConfig compression, Shutdown shutdown) {
        this.shutdown = shutdown;
        this.upload = upload;
        this.compression = compression;
    }

    public Compression format() {
        return compression.compression();
    }

    /** Stored name of a staged file: its name plus the compression suffix. */
    public String storedName(String fileName) {
        return fileName + format().suffix();
    }

    /**
     * How input is cut into compressed chunks; an earlier attempt's parts are reused only when it is unchanged,
     * because then the same input gives the same bytes.
     */
    public String cutting() {
        return format().manifestName() + "/" + compression.compressionLevel() + "/" + upload.chunkSize().asLongValue();
    }

    /**
     * Stores one staged file. When the destination kept parts of an earlier attempt, the input they hold is only
     * read again for the SHA-256, not compressed or sent.
     */
    public FileResult store(Destination destination, String key, Path staged, FileResult file, ProgressLog log)
            throws IOException {
        Compression format = format();
        int chunkSize = (int) upload.chunkSize().asLongValue();
        byte[] chunk = new byte[chunkSize];
        MessageDigest sha = Sha256.newDigest();
        long original = 0;
        try (InputStream in = Files.newInputStream(staged);
                ChunkCompressor compressor = new ChunkCompressor(format, compression.compressionLevel(), chunkSize);
                ObjectSink sink = destination.open(key, format.contentType(),
                        new Resumable(cutting(), file.size(), log))) {
            long resumeAt = sink.resumeOffset();
            long stored = sink.resumedBytes();
            int n;
            while ((n = in.readNBytes(chunk, 0, chunkSize)) > 0) {
                sha.update(chunk, 0, n);
                original += n;
                if (original <= resumeAt) {
                    continue; // in a part the destination already has
                }
                shutdown.checkRunning(); // between chunks: a part already on the wire completes first
                compressor.compress(chunk, n);
                sink.write(compressor.buffer(), 0, compressor.length(), original);
                stored += compressor.length();
            }
            if (original == 0) { // an empty file is still one valid (empty) gzip member
                compressor.compress(chunk, 0);
                sink.write(compressor.buffer(), 0, compressor.length(), 0);
                stored = compressor.length();
            }
            if (original != file.size()) {
                throw new IOException("staged copy of '" + file.name() + "' has " + original + " bytes, expected "
                        + file.size());
            }
            int parts = sink.commit();
            return new FileResult(file.name(), original, Sha256.hex(sha), stored, key, parts);
        }
    }
}

package io.akosha.sync.upload;

import io.akosha.sync.compress.CompressionConfig;
import io.akosha.sync.compress.Compression;
import io.akosha.sync.lifecycle.Shutdown;
import io.akosha.sync.digest.Digests;
import io.akosha.sync.sync.FileResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Streams one staged file into a destination object, chunk by chunk: each chunk is hashed (SHA-256 of the
 * original bytes), compressed into its own gzip member or zstd frame (in parallel, see
 * {@link CompressionPipeline}) and written whole, in order, so the destination can cut parts between
 * members. Memory is a bounded number of chunks and their compressed forms, whatever the file size.
 */
@ApplicationScoped
public class FileStreamer {

    private final UploadConfig upload;
    private final CompressionConfig compression;
    private final Shutdown shutdown;
    private final CompressionPipeline pipeline;

    public FileStreamer(UploadConfig upload, CompressionConfig compression, Shutdown shutdown,
            CompressionPipeline pipeline) {
        this.shutdown = shutdown;
        this.upload = upload;
        this.compression = compression;
        this.pipeline = pipeline;
    }

    public Compression format() {
        return compression.compression();
    }

    /** Stored name of a staged file: its name plus the compression suffix. */
    public String storedName(String fileName) {
        return fileName + format().suffix();
    }

    /** The resume identity of what is stored now: see {@link Cutting}. */
    public String cutting() {
        return new Cutting(format(), compression.compressionLevel(), upload.chunkSize().asLongValue(),
                upload.partSize().asLongValue()).identity();
    }

    /**
     * Stores one staged file. When the destination kept parts of an earlier attempt, the input they hold is only
     * read again for the SHA-256, not compressed or sent.
     */
    public FileResult store(Destination destination, String key, Path staged, FileResult file, ProgressLog log)
            throws IOException {
        Compression format = format();
        MessageDigest sha = Digests.sha256();
        try (InputStream in = Files.newInputStream(staged);
                ObjectSink sink = destination.open(key, format.contentType(),
                        new Resumable(cutting(), file.size(), log))) {
            // between chunks: a part already on the wire completes first
            CompressionPipeline.Streamed streamed = pipeline.stream(in, sink, format,
                    (int) upload.chunkSize().asLongValue(), sha, shutdown::checkRunning);
            if (streamed.original() != file.size()) {
                throw new IOException("staged copy of '" + file.name() + "' has " + streamed.original()
                        + " bytes, expected " + file.size());
            }
            int parts = sink.commit();
            return new FileResult(file.name(), streamed.original(), Digests.hex(sha), streamed.stored(), key, parts);
        }
    }

    /**
     * Streams one staged file, compressed as {@link #store} stores it, into {@code out} (a part of a request being
     * sent), which is not closed; the result records it as one part under {@code key}. Nothing is resumed.
     */
    public FileResult stream(String key, Path staged, FileResult file, OutputStream out) throws IOException {
        MessageDigest sha = Digests.sha256();
        try (InputStream in = Files.newInputStream(staged); ObjectSink sink = new StreamSink(out)) {
            CompressionPipeline.Streamed streamed = pipeline.stream(in, sink, format(),
                    (int) upload.chunkSize().asLongValue(), sha, shutdown::checkRunning);
            if (streamed.original() != file.size()) {
                throw new IOException("staged copy of '" + file.name() + "' has " + streamed.original()
                        + " bytes, expected " + file.size());
            }
            return new FileResult(file.name(), streamed.original(), Digests.hex(sha), streamed.stored(), key,
                    sink.commit());
        }
    }

    /** A sink that writes each member straight into a stream: the stream is one part. */
    private record StreamSink(OutputStream out) implements ObjectSink {

        @Override
        public void write(byte[] chunk, int offset, int length) throws IOException {
            out.write(chunk, offset, length);
        }

        @Override
        public int commit() {
            return 1;
        }

        @Override
        public void close() {
            // the stream belongs to the caller
        }
    }
}

package io.akosha.sync.upload;

import io.akosha.sync.compress.CompressionConfig;
import io.akosha.sync.compress.ChunkCompressor;
import io.akosha.sync.compress.Compression;
import io.akosha.sync.lifecycle.Threads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A bounded, ordered compression pipeline: the caller's thread reads a file chunk by chunk and hashes it,
 * the chunks are compressed in parallel on a shared pool ({@code akosha.compression-threads}), and the
 * compressed members are written to the sink in file order by the caller's thread. At most
 * {@code akosha.compression-buffers} chunks are in flight, each in a reused slot, so memory stays flat
 * whatever the file size; while the sink sends a part, the workers compress the next chunks.
 */
@ApplicationScoped
public class CompressionPipeline {

    private final CompressionConfig config;
    private final ExecutorService workers;

    public CompressionPipeline(CompressionConfig config) {
        this.config = config;
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.threads()),
                Threads.numberedDaemons("akosha-compress-"));
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** Runs between chunks, before a new one is compressed (a stopping sidecar throws there). */
    @FunctionalInterface
    public interface BetweenChunks {
        void check() throws IOException;
    }

    /**
     * Streams {@code in} into {@code sink}, one independently compressed member per chunk, updating
     * {@code sha} with the original bytes. Input up to the sink's {@link ObjectSink#resumeOffset()} is in
     * parts an earlier attempt kept: it is only hashed. An empty input is one empty member.
     */
    public Streamed stream(InputStream in, ObjectSink sink, Compression format, int chunkSize, MessageDigest sha,
            BetweenChunks between) throws IOException {
        Run run = new Run(sink, format, chunkSize);
        long resumeAt = sink.resumeOffset();
        try {
            while (true) {
                Slot slot = run.freeSlot();
                int n = in.readNBytes(slot.input, 0, chunkSize);
                if (n == 0 && run.original > 0) {
                    run.free.add(slot);
                    break;
                }
                sha.update(slot.input, 0, n);
                run.original += n;
                if (run.original <= resumeAt && n > 0) {
                    run.free.add(slot); // in a part the destination already has
                    continue;
                }
                between.check();
                run.send(slot, n);
                if (n < chunkSize) {
                    break; // readNBytes returns less only at the end of the file
                }
            }
            run.drain();
            return new Streamed(run.original, run.stored);
        } finally {
            run.close();
        }
    }

    /** The slots and counts of one {@link #stream} call. */
    private final class Run {
        private final ObjectSink sink;
        private final Compression format;
        private final int chunkSize;
        private final int capacity;
        private final List<Slot> slots = new ArrayList<>();
        private final ArrayDeque<Slot> free = new ArrayDeque<>();
        private final ArrayDeque<Slot> inFlight = new ArrayDeque<>();
        private long original;
        private long stored;

        Run(ObjectSink sink, Compression format, int chunkSize) {
            this.sink = sink;
            this.format = format;
            this.chunkSize = chunkSize;
            this.capacity = format == Compression.NONE ? 1 : Math.max(1, config.buffers(chunkSize));
            this.stored = sink.resumedBytes();
        }

        /** A slot to read the next chunk into: a new one while under capacity, else the oldest one written. */
        Slot freeSlot() throws IOException {
            if (free.isEmpty() && slots.size() < capacity) {
                Slot created = new Slot(new byte[chunkSize], format == Compression.NONE ? null
                        : new ChunkCompressor(format, config.compressionLevel(), chunkSize));
                slots.add(created);
                return created;
            }
            if (free.isEmpty()) {
                Slot written = writeNext(inFlight, sink);
                stored += written.compressor.length();
                return written;
            }
            return free.poll();
        }

        /** Writes an uncompressed chunk at once, or hands it to a worker to compress. */
        void send(Slot slot, int n) throws IOException {
            slot.inputEnd = original;
            if (format == Compression.NONE) {
                sink.write(slot.input, 0, n, original);
                stored += n;
                free.add(slot);
            } else {
                slot.task = workers.submit(() -> slot.compressor.compress(slot.input, n));
                inFlight.add(slot);
            }
        }

        void drain() throws IOException {
            while (!inFlight.isEmpty()) {
                stored += writeNext(inFlight, sink).compressor.length();
            }
        }

        void close() {
            for (Slot slot : inFlight) {
                slot.task.cancel(false);
            }
            // Deflater.end() waits for a deflate still running on a worker, so this is safe after a failure
            slots.stream().filter(s -> s.compressor != null).forEach(s -> s.compressor.close());
        }
    }

    /** Waits for the oldest chunk in flight and writes its member; returns its (now free) slot. */
    private static Slot writeNext(ArrayDeque<Slot> inFlight, ObjectSink sink) throws IOException {
        Slot slot = inFlight.poll();
        try {
            slot.task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inFlight.addFirst(slot);
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            inFlight.addFirst(slot);
            throw new IOException("compression failed", e.getCause());
        }
        sink.write(slot.compressor.buffer(), 0, slot.compressor.length(), slot.inputEnd);
        return slot;
    }

    /** Original and stored bytes of one streamed file. */
    public record Streamed(long original, long stored) {
    }

    private static final class Slot {
        final byte[] input;
        final ChunkCompressor compressor;
        Future<?> task;
        long inputEnd;

        Slot(byte[] input, ChunkCompressor compressor) {
            this.input = input;
            this.compressor = compressor;
        }
    }
}

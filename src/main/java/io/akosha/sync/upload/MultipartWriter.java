package io.akosha.sync.upload;

import io.akosha.sync.store.ObjectStore;
import io.akosha.sync.store.PartBody;
import io.akosha.sync.store.StoredPart;
import io.akosha.sync.store.UploadGoneException;
import io.akosha.sync.sync.ObjectProgress.PartDone;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jboss.logging.Logger;

/**
 * Writes one object as parts of at least {@code partSize} that always end between compressed members: an object
 * smaller than one part goes up in a single put, a larger one as a multipart upload whose parts are sent in
 * parallel ({@link PartSending}) and recorded in the {@link ProgressLog} as the store confirms them, so that an
 * interrupted upload resumes ({@link Resumption}) instead of sending them again. Memory is one part being filled
 * plus the parts on the wire, whatever the object's size.
 */
final class MultipartWriter implements ObjectSink {

    private static final Logger LOG = Logger.getLogger(MultipartWriter.class);

    private final ObjectStore store;
    private final String key;
    private final String contentType;
    private final Resumable resumable;
    private final int partSize;
    private final PartSending sending;
    /** Part buffers back from the senders: at most {@code parallelParts + 1} are ever allocated. */
    private final Queue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final List<StoredPart> parts = new ArrayList<>();
    private final Map<Integer, HeldPart> held;
    private String uploadId;
    private int nextNumber;
    private byte[] buffer = new byte[0];
    private int length;
    private long partStart;
    private long inputEnd;
    private final long resumedBytes;
    private boolean done;

    MultipartWriter(ObjectStore store, String key, String contentType, Resumable resumable, int partSize,
            PartSending sending, Resumption resumption) {
        this.store = store;
        this.key = key;
        this.contentType = contentType;
        this.resumable = resumable;
        this.partSize = partSize;
        this.sending = sending;
        this.uploadId = resumption.uploadId();
        this.held = new HashMap<>(resumption.held());
        for (PartDone part : resumption.kept()) {
            parts.add(stored(part));
        }
        this.nextNumber = parts.size() + 1;
        this.partStart = resumption.inputOffset();
        this.inputEnd = partStart;
        this.resumedBytes = resumption.storedBytes();
        this.done = resumption.complete();
    }

    @Override
    public long resumeOffset() {
        return partStart;
    }

    @Override
    public long resumedBytes() {
        return resumedBytes;
    }

    /** Bytes whose input offsets nobody tracks (a small object written in one go). */
    @Override
    public void write(byte[] chunk, int offset, int n) throws IOException {
        write(chunk, offset, n, inputEnd);
    }

    @Override
    public void write(byte[] chunk, int offset, int n, long chunkInputEnd) throws IOException {
        if (buffer.length < length + n) {
            buffer = Arrays.copyOf(buffer, Math.max(length + n, Math.min(partSize + n, 2 * (length + n))));
        }
        System.arraycopy(chunk, offset, buffer, length, n);
        length += n;
        inputEnd = chunkInputEnd;
        if (length >= partSize) {
            flushPart();
        }
    }

    /**
     * Hands the buffered part to a sender and goes on filling a fresh buffer. A part the store already holds (sent
     * before a restart) is not sent again.
     */
    private void flushPart() throws IOException {
        sending.checkFailure();
        if (uploadId == null) {
            uploadId = store.createMultipart(key, contentType);
            resumable.log().started(key, resumable.cutting(), uploadId);
        }
        int number = nextNumber++;
        PartBody body = PartBody.of(buffer, length);
        long start = partStart;
        long end = inputEnd;
        HeldPart there = held.remove(number);
        if (there != null && there.matches(body.buffer(), body.length(), body.crc32c())) {
            LOG.debugf("Part %d of %s is already at the store", number, key);
            confirmed(new PartDone(number, there.etag(), body.crc32c(), start, end, body.length()));
        } else {
            String id = uploadId;
            sending.submit(number, () -> {
                try {
                    String etag = store.uploadPart(key, id, number, body);
                    confirmed(new PartDone(number, etag, body.crc32c(), start, end, body.length()));
                } catch (UploadGoneException gone) {
                    forget();
                    throw gone;
                } finally {
                    free.add(body.buffer());
                }
            });
            byte[] reuse = free.poll();
            buffer = reuse != null ? reuse : new byte[UploadConfig.partBufferSize(partSize)];
        }
        partStart = end;
        length = 0;
    }

    /** Records a part the store confirmed; parts may finish out of order, the log keeps them by number. */
    private synchronized void confirmed(PartDone part) {
        parts.add(stored(part));
        resumable.log().part(key, part);
    }

    /** The store forgot the upload: the next attempt starts a new one. */
    private synchronized void forget() {
        resumable.log().started(key, resumable.cutting(), null);
    }

    private static StoredPart stored(PartDone part) {
        return new StoredPart(part.number(), part.etag(), part.size(), part.crc32c());
    }

    @Override
    public int commit() throws IOException {
        if (done) {
            return parts.size();
        }
        if (uploadId == null) {
            store.put(key, PartBody.of(buffer, length), contentType);
            done = true;
            return 1;
        }
        if (length > 0 || nextNumber == 1) {
            flushPart();
        }
        sending.awaitAll();
        List<StoredPart> ordered;
        synchronized (this) {
            ordered = new ArrayList<>(parts);
        }
        ordered.sort(Comparator.comparingInt(StoredPart::number));
        try {
            store.complete(key, uploadId, ordered);
        } catch (UploadGoneException gone) {
            forget();
            throw gone;
        }
        done = true;
        return ordered.size();
    }

    /**
     * Waits for the parts still on the wire (so that no earlier attempt's part is recorded after the next attempt
     * started) and aborts nothing: an attempt that failed leaves its multipart upload for the next attempt, or the
     * next start, to resume.
     */
    @Override
    public void close() {
        sending.awaitQuietly();
    }
}

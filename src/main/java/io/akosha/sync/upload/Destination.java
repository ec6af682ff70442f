package io.akosha.sync.upload;

import io.akosha.sync.store.MultipartUpload;
import io.akosha.sync.store.ObjectStore;
import io.akosha.sync.store.PartBody;
import io.akosha.sync.sync.ObjectProgress;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

/**
 * The upload pipeline's view of one {@link ObjectStore}: objects written in parts that resume after a failure
 * ({@link MultipartWriter}), uploads nobody will resume given up ({@link PendingAborts}), and the store's reads.
 * Every store gets the same semantics; an adapter only moves bytes.
 */
public final class Destination {

    private final ObjectStore store;
    private final int partSize;
    private final int parallelParts;
    private final ExecutorService senders;
    private final PendingAborts aborts;

    /** {@code senders} run the parts on the wire, at most {@code parallelParts} of one object at once. */
    public Destination(ObjectStore store, int partSize, int parallelParts, ExecutorService senders) {
        this.store = store;
        this.partSize = partSize;
        this.parallelParts = parallelParts;
        this.senders = senders;
        this.aborts = new PendingAborts(store);
    }

    /** Short name shown in a sync's {@code delivered_via}: {@code s3} or {@code local}. */
    public String name() {
        return store.name();
    }

    /** Where the objects are, for a person ({@link ObjectStore#location()}). */
    public String location() {
        return store.location();
    }

    /**
     * Opens an object that continues what an earlier attempt sent, as far as the store still holds it (see
     * {@link ObjectSink#resumeOffset()}); nothing is visible under {@code key} until it is committed.
     */
    public ObjectSink open(String key, String contentType, Resumable resumable) throws IOException {
        Resumption resumption = Resumption.reconcile(store, aborts, key, resumable);
        return new MultipartWriter(store, key, contentType, resumable, partSize,
                new PartSending(senders, parallelParts), resumption);
    }

    /** Writes a small object in one go (the manifest). */
    public void put(String key, byte[] content, String contentType) throws IOException {
        store.put(key, PartBody.of(content, content.length), contentType);
    }

    /** Copies an object already in the store to {@code target}, inside the store (dedup: no bytes re-sent). */
    public void copy(String source, String target) throws IOException {
        store.copy(source, target);
    }

    /**
     * Gives up every multipart upload still open under an upload's prefix once all its objects are complete (an
     * attempt killed between starting one and recording it): nothing will complete them. Failed aborts are
     * retried later.
     *
     * @return how many were given up
     */
    public int abortAllUnder(String uploadPrefix) throws IOException {
        List<MultipartUpload> open = store.listMultiparts(uploadPrefix);
        open.forEach(upload -> aborts.abortOrKeep(upload.key(), upload.uploadId()));
        return open.size();
    }

    /** Gives up the multipart uploads an attempt left incomplete (the sync went another way or is cut anew). */
    public void abandon(List<ObjectProgress> objects) {
        for (ObjectProgress object : objects) {
            if (object.multipartId() != null && !object.complete()) {
                aborts.abortOrKeep(object.key(), object.multipartId());
            }
        }
    }

    /**
     * Aborts the multipart uploads under {@code prefix} started before {@code startedBefore} that no sync owns.
     *
     * @return how many were aborted
     */
    public int abortOrphans(String prefix, Predicate<String> owned, Instant startedBefore) throws IOException {
        int aborted = 0;
        for (MultipartUpload upload : store.listMultiparts(prefix)) {
            if (upload.initiated() != null && !owned.test(upload.uploadId())
                    && upload.initiated().isBefore(startedBefore)) {
                aborts.abortOrKeep(upload.key(), upload.uploadId());
                aborted++;
            }
        }
        return aborted;
    }

    /** Aborts that failed earlier (store unreachable); returns how many are still pending. */
    public int retryPendingAborts() {
        return aborts.retry();
    }

    public void probe() throws IOException {
        store.probe();
    }

    /** Keys of the visible objects under {@code prefix}, in key order (for restore and verify). */
    public List<String> list(String prefix) throws IOException {
        return store.list(prefix);
    }

    /** Streams one object; the caller closes the stream. */
    public InputStream read(String key) throws IOException {
        return store.read(key);
    }

    /** Whether a visible object has this key (dedup checks an earlier object is still there). */
    public boolean exists(String key) throws IOException {
        return store.head(key).isPresent();
    }
}

package io.akosha.sync.cloud;

import io.akosha.sync.sync.ObjectProgress;
import io.akosha.sync.upload.Destination;
import io.akosha.sync.upload.ObjectSink;
import io.akosha.sync.upload.ProgressLog;
import io.akosha.sync.upload.Resumable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * S3-compatible bucket. An object smaller than one part goes up in a single PutObject; a larger one as a
 * multipart upload whose parts are at least {@code partSize} and always end between compressed members.
 * Each request carries a CRC32C additional checksum computed here (unless switched off), so the SDK sends
 * plain, length-delimited bodies that every S3-compatible store understands. A multipart upload that fails
 * is kept, with its confirmed parts in the sync's journal record, so that the next attempt or the next start
 * resumes it (checked with ListParts) instead of sending those parts again. Uploads nobody will resume are
 * aborted ({@link #abandon}, {@link #abortOrphans} at start-up); when the store cannot be reached for an abort,
 * it is kept and retried by {@link #retryPendingAborts()}, so no orphaned parts are left to bill the user.
 */
public final class S3Destination implements Destination {

    private static final Logger LOG = Logger.getLogger(S3Destination.class);

    private final S3Client s3;
    private final String bucket;
    private final int partSize;
    private final boolean crc32c;
    private final int parallelParts;
    private final ExecutorService partSender;
    private final Set<PendingAbort> pendingAborts = ConcurrentHashMap.newKeySet();

    public S3Destination(S3Client s3, String bucket, int partSize, boolean crc32c, int parallelParts) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
        this.crc32c = crc32c;
        this.parallelParts = parallelParts;
        this.partSender = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "akosha-part-sender");
            t.setDaemon(true);
            return t;
        });
    }

    /** Stops the part senders (after the uploads using them ended). */
    public void shutdown() {
        partSender.shutdownNow();
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public ObjectSink open(String key, String contentType) {
        return new MultipartSink(key, contentType, "", ProgressLog.NONE);
    }

    @Override
    public ObjectSink open(String key, String contentType, Resumable resumable) throws IOException {
        MultipartSink sink = new MultipartSink(key, contentType, resumable.cutting() + "/" + partSize,
                resumable.log());
        sink.resume(resumable);
        return sink;
    }

    @Override
    public void abandon(List<ObjectProgress> objects) {
        for (ObjectProgress object : objects) {
            if (object.multipartId() != null && !object.complete()) {
                abortOrKeep(object.key(), object.multipartId());
            }
        }
    }

    /**
     * Aborts the multipart uploads under {@code prefix} that were started before {@code startedBefore} and that
     * no sync owns (the journal lost them, or the sync went another way): no orphaned parts billed to the user.
     *
     * @return how many were aborted
     */
    public int abortOrphans(String prefix, Predicate<String> owned, Instant startedBefore) throws IOException {
        List<MultipartUpload> uploads = new ArrayList<>();
        call(() -> {
            s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)).uploads().forEach(uploads::add);
            return uploads;
        });
        int aborted = 0;
        for (MultipartUpload upload : uploads) {
            if (upload.initiated() != null && !owned.test(upload.uploadId())
                    && upload.initiated().isBefore(startedBefore)) {
                abortOrKeep(upload.key(), upload.uploadId());
                aborted++;
            }
        }
        return aborted;
    }

    @Override
    public void put(String key, byte[] content, String contentType) throws IOException {
        putObject(key, contentType, content, content.length);
    }

    @Override
    public void probe() throws IOException {
        call(() -> s3.headBucket(b -> b.bucket(bucket)));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        call(() -> {
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()
                    .forEach(o -> keys.add(o.key()));
            return keys;
        });
        keys.sort(null);
        return keys;
    }

    @Override
    public InputStream read(String key) throws IOException {
        return call(() -> s3.getObject(b -> b.bucket(bucket).key(key)));
    }

    /** Aborts that failed earlier (store unreachable); returns how many are still pending. */
    public int retryPendingAborts() {
        for (PendingAbort pending : pendingAborts) {
            if (abort(pending.key(), pending.uploadId())) {
                pendingAborts.remove(pending);
            }
        }
        return pendingAborts.size();
    }

    /** Aborts a multipart upload, or keeps the abort for {@link #retryPendingAborts()} when the store is away. */
    private void abortOrKeep(String key, String uploadId) {
        if (!abort(key, uploadId)) {
            pendingAborts.add(new PendingAbort(key, uploadId));
        }
    }

    private boolean inProgress(String key, String uploadId) throws IOException {
        return call(() -> s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(key)).uploads().stream()
                .anyMatch(u -> u.key().equals(key) && u.uploadId().equals(uploadId)));
    }

    /** The parts the store holds for an upload, by number; null when the store does not know the upload. */
    private Map<Integer, Part> listParts(String key, String uploadId) throws IOException {
        Map<Integer, Part> parts = new HashMap<>();
        try {
            s3.listPartsPaginator(b -> b.bucket(bucket).key(key).uploadId(uploadId)).parts()
                    .forEach(p -> parts.put(p.partNumber(), p));
            return parts;
        } catch (NoSuchUploadException gone) {
            return null;
        } catch (SdkException e) {
            throw S3Failures.classify(e);
        }
    }

    /** Size of a visible object; null when there is none. */
    private Long headSize(String key) throws IOException {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (NoSuchKeyException none) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw S3Failures.classify(e);
        } catch (SdkException e) {
            throw S3Failures.classify(e);
        }
    }

    private static boolean sameEtag(String a, String b) {
        return a != null && b != null && a.replace("\"", "").equals(b.replace("\"", ""));
    }

    static String md5Hex(byte[] content, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(content, 0, length);
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 missing from the JDK", e);
        }
    }

    private boolean abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            LOG.infof("Aborted multipart upload of %s", key);
            return true;
        } catch (NoSuchUploadException gone) {
            return true;
        } catch (SdkException e) {
            LOG.warnf("Could not abort multipart upload of %s yet: %s", key, S3Failures.classify(e).getMessage());
            return false;
        }
    }

    private void putObject(String key, String contentType, byte[] content, int length) throws IOException {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType);
        if (crc32c) {
            request.checksumCRC32C(crc32c(content, length));
        }
        call(() -> s3.putObject(request.build(), body(content, length)));
    }

    /** Runs one S3 request, turning SDK failures into what the fault-tolerance layer acts on. */
    private static <T> T call(Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (SdkException e) {
            throw S3Failures.classify(e);
        }
    }

    private static RequestBody body(byte[] content, int length) {
        // no copy of the part buffer: the provider hands out a fresh stream over it for each (re)send
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(content, 0, length), length,
                "application/octet-stream");
    }

    static String crc32c(byte[] content, int length) {
        CRC32C crc = new CRC32C();
        crc.update(content, 0, length);
        int v = (int) crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16),
            (byte) (v >>> 8), (byte) v});
    }

    private record PendingAbort(String key, String uploadId) {
    }

    private final class MultipartSink implements ObjectSink {
        private final String key;
        private final String contentType;
        private final String cutting;
        private final ProgressLog log;
        private final List<CompletedPart> parts = new ArrayList<>();
        private final List<Future<?>> sending = new ArrayList<>();
        private final Semaphore slots = new Semaphore(parallelParts);
        /** Part buffers back from the senders: at most {@code parallelParts + 1} are ever allocated. */
        private final Queue<byte[]> free = new ConcurrentLinkedQueue<>();
        private int nextNumber = 1;
        private IOException failure;
        /** Parts the store already holds beyond the resume point, by number: reused when the bytes match. */
        private final Map<Integer, HeldPart> held = new HashMap<>();
        private ObjectProgress progress;
        private byte[] buffer = new byte[0];
        private int length;
        private long partStart;
        private long inputEnd;
        private long resumedBytes;
        private boolean done;

        MultipartSink(String key, String contentType, String cutting, ProgressLog log) {
            this.key = key;
            this.contentType = contentType;
            this.cutting = cutting;
            this.log = log;
        }

        /**
         * Continues the multipart upload an earlier attempt recorded: its parts are checked against ListParts,
         * the run of recorded parts the store still holds is kept, and the input resumes after them. An upload
         * the store no longer knows (expired, aborted) starts over; one cut differently is aborted first.
         */
        void resume(Resumable resumable) throws IOException {
            ObjectProgress earlier = log.find(key).filter(o -> o.multipartId() != null && !o.complete()).orElse(null);
            if (earlier == null) {
                return;
            }
            if (!cutting.equals(earlier.cutting())) {
                LOG.infof("Multipart upload of %s was cut differently; starting over", key);
                abortOrKeep(key, earlier.multipartId());
                return;
            }
            // some stores list the parts of a finished or aborted upload instead of answering NoSuchUpload
            String id = earlier.multipartId();
            Map<Integer, Part> listed = inProgress(key, id) ? listParts(key, id) : null;
            if (listed == null) {
                if (!completedEarlier(earlier, resumable.inputSize())) {
                    LOG.infof("Multipart upload of %s is gone from the store; starting over", key);
                }
                return;
            }
            ObjectProgress kept = ObjectProgress.started(key, cutting, earlier.multipartId());
            for (ObjectProgress.PartDone part : earlier.parts()) {
                Part there = listed.get(part.number());
                boolean next = part.number() == parts.size() + 1 && part.inputStart() == partStart;
                if (!next || there == null || !sameEtag(there.eTag(), part.etag()) || there.size() != part.size()) {
                    break;
                }
                parts.add(completedPart(part.number(), part.etag(), part.crc32c()));
                kept = kept.withPart(part);
                partStart = part.inputEnd();
                resumedBytes += part.size();
            }
            for (Part there : listed.values()) {
                if (there.partNumber() > parts.size()) {
                    String crc = there.checksumCRC32C() != null ? there.checksumCRC32C() : earlier.parts().stream()
                            .filter(p -> p.number() == there.partNumber() && sameEtag(p.etag(), there.eTag()))
                            .map(ObjectProgress.PartDone::crc32c).findFirst().orElse(null);
                    held.put(there.partNumber(), new HeldPart(there.eTag(), there.size(), crc));
                }
            }
            progress = kept;
            inputEnd = partStart;
            nextNumber = parts.size() + 1;
            log.record(progress);
            LOG.infof("Resuming multipart upload of %s after %d parts (%d input bytes, %d held beyond)", key,
                    parts.size(), partStart, held.size());
        }

        /**
         * The process died between completing the upload and recording it: the upload is gone, but the object is
         * there with exactly the bytes of every recorded part, and those parts hold the whole input.
         */
        private boolean completedEarlier(ObjectProgress earlier, long inputSize) throws IOException {
            List<ObjectProgress.PartDone> recorded = earlier.parts();
            if (recorded.isEmpty() || recorded.get(recorded.size() - 1).inputEnd() != inputSize) {
                return false;
            }
            long size = recorded.stream().mapToLong(ObjectProgress.PartDone::size).sum();
            Long there = headSize(key);
            if (there == null || there != size) {
                return false;
            }
            progress = earlier;
            for (ObjectProgress.PartDone part : recorded) {
                parts.add(completedPart(part.number(), part.etag(), part.crc32c()));
            }
            partStart = inputSize;
            inputEnd = inputSize;
            nextNumber = parts.size() + 1;
            resumedBytes = size;
            done = true;
            LOG.infof("Multipart upload of %s had completed before the restart", key);
            return true;
        }

        @Override
        public long resumeOffset() {
            return partStart;
        }

        @Override
        public long resumedBytes() {
            return resumedBytes;
        }

        /** Bytes whose input offsets nobody tracks (an object that is not resumed). */
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
         * Hands the buffered part to a sender and goes on filling a fresh buffer; at most {@code parallelParts}
         * parts of this object are on the wire at once, so memory stays bounded (one part being filled plus the
         * parts being sent). A part the store already holds (sent before a restart) is not sent again.
         */
        private void flushPart() throws IOException {
            checkFailure();
            if (progress == null) {
                createUpload();
            }
            int number = nextNumber++;
            byte[] part = buffer;
            int size = length;
            long start = partStart;
            long end = inputEnd;
            String checksum = crc32c(part, size);
            HeldPart there = held.remove(number);
            if (there != null && there.matches(part, size, checksum)) {
                LOG.debugf("Part %d of %s is already at the store", number, key);
                confirmed(new ObjectProgress.PartDone(number, there.etag(), checksum, start, end, size));
                buffer = part; // not handed over: fill it again
            } else {
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("stopped while waiting to send part " + number);
                }
                String uploadId = progress.multipartId();
                sending.add(partSender.submit(() -> {
                    try {
                        String etag = uploadPart(uploadId, number, part, size, checksum);
                        confirmed(new ObjectProgress.PartDone(number, etag, checksum, start, end, size));
                    } catch (IOException | RuntimeException e) {
                        failed(e);
                    } finally {
                        free.add(part);
                        slots.release();
                    }
                }));
                byte[] reuse = free.poll();
                buffer = reuse != null ? reuse : new byte[partSize + (partSize >> 3)];
            }
            partStart = end;
            length = 0;
        }

        /** Records a part the store confirmed; parts may finish out of order, the journal keeps them by number. */
        private synchronized void confirmed(ObjectProgress.PartDone part) {
            parts.add(completedPart(part.number(), part.etag(), part.crc32c()));
            progress = progress.withPart(part);
            log.record(progress);
        }

        private synchronized void failed(Exception e) {
            if (failure == null) {
                failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }

        private synchronized void checkFailure() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }

        /** Waits for every part on the wire; with {@code rethrow}, throws the first failure. */
        private void awaitSending(boolean rethrow) throws IOException {
            for (Future<?> f : sending) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (rethrow) {
                        throw new InterruptedIOException("stopped while parts were being sent");
                    }
                } catch (ExecutionException e) {
                    failed(e);
                }
            }
            sending.clear();
            if (rethrow) {
                checkFailure();
            }
        }

        /**
         * Sends one part. When the store has forgotten the upload (expired or aborted between attempts), the
         * attempt fails and the object's record is cleared: the next attempt starts a new upload.
         */
        private String uploadPart(String uploadId, int number, byte[] part, int size, String checksum)
                throws IOException {
            UploadPartRequest.Builder request = UploadPartRequest.builder().bucket(bucket).key(key)
                    .uploadId(uploadId).partNumber(number).contentLength((long) size);
            if (crc32c) {
                request.checksumCRC32C(checksum);
            }
            try {
                return s3.uploadPart(request.build(), body(part, size)).eTag();
            } catch (NoSuchUploadException gone) {
                synchronized (this) {
                    log.record(ObjectProgress.started(key, cutting, null));
                }
                throw new IOException("multipart upload of " + key + " is gone from the store; starting over");
            } catch (SdkException e) {
                throw S3Failures.classify(e);
            }
        }

        private void createUpload() throws IOException {
            CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                    .bucket(bucket).key(key).contentType(contentType);
            if (crc32c) {
                create.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
            }
            String uploadId = call(() -> s3.createMultipartUpload(create.build())).uploadId();
            synchronized (this) {
                progress = ObjectProgress.started(key, cutting, uploadId);
                log.record(progress);
            }
        }

        private CompletedPart completedPart(int number, String etag, String checksum) {
            return CompletedPart.builder().partNumber(number).eTag(etag).checksumCRC32C(crc32c ? checksum : null)
                    .build();
        }

        @Override
        public int commit() throws IOException {
            if (done) {
                return parts.size();
            }
            if (progress == null) {
                putObject(key, contentType, buffer, length);
                done = true;
                return 1;
            }
            if (length > 0 || nextNumber == 1) {
                flushPart();
            }
            awaitSending(true);
            List<CompletedPart> ordered = new ArrayList<>(parts);
            ordered.sort(Comparator.comparingInt(CompletedPart::partNumber));
            String uploadId = progress.multipartId();
            try {
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(ordered)));
            } catch (NoSuchUploadException gone) {
                log.record(ObjectProgress.started(key, cutting, null));
                throw new IOException("multipart upload of " + key + " is gone from the store; starting over");
            } catch (SdkException e) {
                throw S3Failures.classify(e);
            }
            done = true;
            return ordered.size();
        }

        /**
         * Waits for the parts still on the wire (so that no earlier attempt's part is recorded after the next
         * attempt started) and aborts nothing: an attempt that failed leaves its multipart upload for the next
         * attempt (or the next start) to resume. Uploads nobody resumes are given up by {@link #abandon} or
         * swept at start-up.
         */
        @Override
        public void close() {
            try {
                awaitSending(false);
            } catch (IOException ignored) {
                // not rethrown: close only waits
            }
        }
    }

    /** A part the store already holds; reused when the bytes cut now are the same (CRC32C, else MD5 ETag). */
    private record HeldPart(String etag, long size, String crc32c) {

        boolean matches(byte[] buffer, int length, String checksum) {
            if (size != length) {
                return false;
            }
            if (crc32c != null) {
                return crc32c.equals(checksum);
            }
            String plain = etag == null ? "" : etag.replace("\"", "");
            return plain.length() == 32 && plain.equalsIgnoreCase(md5Hex(buffer, length));
        }
    }
}

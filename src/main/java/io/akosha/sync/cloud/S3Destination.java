package io.akosha.sync.cloud;

import io.akosha.sync.upload.Destination;
import io.akosha.sync.upload.ObjectSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * S3-compatible bucket. An object smaller than one part goes up in a single PutObject; a larger one as a
 * multipart upload whose parts are at least {@code partSize} and always end between compressed members.
 * Each request carries a CRC32C additional checksum computed here (unless switched off), so the SDK sends
 * plain, length-delimited bodies that every S3-compatible store understands. A multipart upload that fails
 * is aborted; when the store cannot be reached for the abort either, the abort is kept and retried by
 * {@link #retryPendingAborts()}, so no orphaned parts are left to bill the user.
 */
public final class S3Destination implements Destination {

    private static final Logger LOG = Logger.getLogger(S3Destination.class);

    private final S3Client s3;
    private final String bucket;
    private final int partSize;
    private final boolean crc32c;
    private final Set<PendingAbort> pendingAborts = ConcurrentHashMap.newKeySet();

    public S3Destination(S3Client s3, String bucket, int partSize, boolean crc32c) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
        this.crc32c = crc32c;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public ObjectSink open(String key, String contentType) {
        return new MultipartSink(key, contentType);
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
        private final List<CompletedPart> parts = new ArrayList<>();
        private byte[] buffer = new byte[0];
        private int length;
        private String uploadId;
        private boolean done;

        MultipartSink(String key, String contentType) {
            this.key = key;
            this.contentType = contentType;
        }

        @Override
        public void write(byte[] chunk, int offset, int n) throws IOException {
            if (buffer.length < length + n) {
                buffer = Arrays.copyOf(buffer, Math.max(length + n, Math.min(partSize + n, 2 * (length + n))));
            }
            System.arraycopy(chunk, offset, buffer, length, n);
            length += n;
            if (length >= partSize) {
                flushPart();
            }
        }

        private void flushPart() throws IOException {
            if (uploadId == null) {
                CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                        .bucket(bucket).key(key).contentType(contentType);
                if (crc32c) {
                    create.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
                }
                uploadId = call(() -> s3.createMultipartUpload(create.build())).uploadId();
            }
            int number = parts.size() + 1;
            UploadPartRequest.Builder request = UploadPartRequest.builder().bucket(bucket).key(key)
                    .uploadId(uploadId).partNumber(number).contentLength((long) length);
            String checksum = null;
            if (crc32c) {
                checksum = crc32c(buffer, length);
                request.checksumCRC32C(checksum);
            }
            String etag = call(() -> s3.uploadPart(request.build(), body(buffer, length))).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).checksumCRC32C(checksum).build());
            length = 0;
        }

        @Override
        public int commit() throws IOException {
            if (uploadId == null) {
                putObject(key, contentType, buffer, length);
                done = true;
                return 1;
            }
            if (length > 0) {
                flushPart();
            }
            call(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))));
            done = true;
            return parts.size();
        }

        @Override
        public void close() {
            if (!done && uploadId != null && !abort(key, uploadId)) {
                pendingAborts.add(new PendingAbort(key, uploadId));
            }
        }
    }
}

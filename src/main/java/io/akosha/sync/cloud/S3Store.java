package io.akosha.sync.cloud;

import io.akosha.sync.store.MultipartUpload;
import io.akosha.sync.store.ObjectStore;
import io.akosha.sync.store.PartBody;
import io.akosha.sync.store.StoredPart;
import io.akosha.sync.store.UploadGoneException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyPartResult;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * An S3-compatible bucket. Each request carries the CRC32C additional checksum the pipeline computed (unless
 * switched off), so the SDK sends plain, length-delimited bodies that every S3-compatible store understands. SDK
 * failures become what the fault-tolerance layer acts on ({@link S3Failures}).
 */
public final class S3Store implements ObjectStore {

    /** S3's limit for one CopyObject; larger objects are copied in parts (UploadPartCopy). */
    public static final long MAX_SINGLE_COPY = 5L << 30;
    private static final long COPY_PART = 1L << 30;

    private final S3Client s3;
    private final String bucket;
    private final boolean crc32c;
    private final long maxSingleCopy;
    private final long copyPart;

    public S3Store(S3Client s3, String bucket, boolean crc32c) {
        this(s3, bucket, crc32c, MAX_SINGLE_COPY, COPY_PART);
    }

    /** With other copy limits: a test copies a small object in parts. */
    public S3Store(S3Client s3, String bucket, boolean crc32c, long maxSingleCopy, long copyPart) {
        this.s3 = s3;
        this.bucket = bucket;
        this.crc32c = crc32c;
        this.maxSingleCopy = maxSingleCopy;
        this.copyPart = copyPart;
    }

    @Override
    public String location() {
        return "s3://" + bucket;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public void probe() throws IOException {
        call(() -> s3.headBucket(b -> b.bucket(bucket)));
    }

    @Override
    public void put(String key, PartBody body, String contentType) throws IOException {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType);
        if (crc32c) {
            request.checksumCRC32C(body.crc32c());
        }
        call(() -> s3.putObject(request.build(), requestBody(body)));
    }

    @Override
    public String createMultipart(String key, String contentType) throws IOException {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(bucket).key(key).contentType(contentType);
        if (crc32c) {
            create.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
        }
        return call(() -> s3.createMultipartUpload(create.build())).uploadId();
    }

    @Override
    public String uploadPart(String key, String uploadId, int number, PartBody body) throws IOException {
        UploadPartRequest.Builder request = UploadPartRequest.builder().bucket(bucket).key(key)
                .uploadId(uploadId).partNumber(number).contentLength((long) body.length());
        if (crc32c) {
            request.checksumCRC32C(body.crc32c());
        }
        try {
            return s3.uploadPart(request.build(), requestBody(body)).eTag();
        } catch (NoSuchUploadException gone) {
            throw new UploadGoneException(key);
        } catch (SdkException e) {
            throw S3Failures.classify(e, bucket);
        }
    }

    /** Some stores list the parts of a finished or aborted upload instead of answering NoSuchUpload: asked first. */
    @Override
    public Optional<Map<Integer, StoredPart>> listParts(String key, String uploadId) throws IOException {
        boolean inProgress = listMultiparts(key).stream()
                .anyMatch(u -> u.key().equals(key) && u.uploadId().equals(uploadId));
        if (!inProgress) {
            return Optional.empty();
        }
        Map<Integer, StoredPart> parts = new HashMap<>();
        try {
            s3.listPartsPaginator(b -> b.bucket(bucket).key(key).uploadId(uploadId)).parts().forEach(p -> parts.put(
                    p.partNumber(), new StoredPart(p.partNumber(), p.eTag(), p.size(), p.checksumCRC32C())));
            return Optional.of(parts);
        } catch (NoSuchUploadException gone) {
            return Optional.empty();
        } catch (SdkException e) {
            throw S3Failures.classify(e, bucket);
        }
    }

    @Override
    public void complete(String key, String uploadId, List<StoredPart> parts) throws IOException {
        List<CompletedPart> completed = parts.stream().map(p -> CompletedPart.builder().partNumber(p.number())
                .eTag(p.etag()).checksumCRC32C(crc32c ? p.crc32c() : null).build()).toList();
        try {
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(completed)));
        } catch (NoSuchUploadException gone) {
            throw new UploadGoneException(key);
        } catch (SdkException e) {
            throw S3Failures.classify(e, bucket);
        }
    }

    @Override
    public void abort(String key, String uploadId) throws IOException {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException gone) {
            // nothing left to give up
        } catch (SdkException e) {
            throw S3Failures.classify(e, bucket);
        }
    }

    @Override
    public List<MultipartUpload> listMultiparts(String prefix) throws IOException {
        List<MultipartUpload> uploads = new ArrayList<>();
        call(() -> {
            s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)).uploads()
                    .forEach(u -> uploads.add(new MultipartUpload(u.key(), u.uploadId(), u.initiated())));
            return uploads;
        });
        return uploads;
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

    /**
     * CopyObject up to 5 GB; above, a multipart upload of UploadPartCopy ranges, aborted if it fails. That upload
     * names no checksum algorithm: not every store answers UploadPartCopy with the part's checksum (S3Mock does
     * not, and then refuses the completion), and each range is copied from an object stored with its checksum.
     */
    @Override
    public void copy(String source, String target) throws IOException {
        HeadObjectResponse head = call(() -> s3.headObject(b -> b.bucket(bucket).key(source)));
        if (head.contentLength() <= maxSingleCopy) {
            CopyObjectRequest.Builder request = CopyObjectRequest.builder().sourceBucket(bucket).sourceKey(source)
                    .destinationBucket(bucket).destinationKey(target);
            if (crc32c) {
                request.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
            }
            call(() -> s3.copyObject(request.build()));
            return;
        }
        String uploadId = call(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key(target)
                .contentType(head.contentType()))).uploadId();
        try {
            List<StoredPart> parts = new ArrayList<>();
            for (long start = 0; start < head.contentLength(); start += copyPart) {
                int number = parts.size() + 1;
                String range = "bytes=" + start + "-" + (Math.min(head.contentLength(), start + copyPart) - 1);
                CopyPartResult part = call(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(source)
                        .destinationBucket(bucket).destinationKey(target).uploadId(uploadId).partNumber(number)
                        .copySourceRange(range))).copyPartResult();
                parts.add(new StoredPart(number, part.eTag(), 0, null));
            }
            complete(target, uploadId, parts);
        } catch (IOException | RuntimeException e) {
            try {
                abort(target, uploadId);
            } catch (IOException | RuntimeException notAborted) {
                e.addSuppressed(notAborted);
            }
            throw e;
        }
    }

    @Override
    public InputStream read(String key) throws IOException {
        return call(() -> s3.getObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public OptionalLong head(String key) throws IOException {
        try {
            return OptionalLong.of(s3.headObject(b -> b.bucket(bucket).key(key)).contentLength());
        } catch (NoSuchKeyException none) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw S3Failures.classify(e, bucket);
        } catch (SdkException e) {
            throw S3Failures.classify(e, bucket);
        }
    }

    /** Runs one S3 request, turning SDK failures into what the fault-tolerance layer acts on. */
    private <T> T call(Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (SdkException e) {
            throw S3Failures.classify(e, bucket);
        }
    }

    private static RequestBody requestBody(PartBody body) {
        // no copy of the part buffer: the provider hands out a fresh stream over it for each (re)send
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body.buffer(), 0, body.length()),
                body.length(), "application/octet-stream");
    }
}

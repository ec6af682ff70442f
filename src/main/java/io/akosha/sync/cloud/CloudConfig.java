package io.akosha.sync.cloud;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** S3-compatible destination. No bucket means the local-directory destination is used. */
@ConfigMapping(prefix = "akosha.cloud")
public interface CloudConfig {

    Optional<String> bucket();

    /** Whether a bucket is configured (otherwise the local directory is the destination). */
    default boolean hasBucket() {
        return bucket().filter(b -> !b.isBlank()).isPresent();
    }

    /** Custom endpoint for R2, MinIO or other S3-compatible stores, e.g. {@code https://minio.example:9000}. */
    Optional<String> endpoint();

    @WithDefault("us-east-1")
    String region();

    /** Path-style addressing ({@code endpoint/bucket/key}), needed by most non-AWS stores. */
    @WithDefault("false")
    boolean pathStyle();

    /** Optional key prefix in front of {@code systems/}. */
    Optional<String> prefix();

    /** Per-part additional checksum: crc32c, or none for stores that reject it. */
    @WithDefault("crc32c")
    PartChecksum checksum();

    /** TCP connect timeout: an endpoint that does not answer within it counts as unreachable. */
    @WithDefault("2s")
    Duration connectTimeout();

    /**
     * How often multipart uploads whose abort failed (store unreachable) are aborted again, and an orphan sweep the
     * store did not answer is tried again: the period of the scheduler's {@code akosha-orphan-sweep} job.
     */
    @WithDefault("1m")
    Duration abortRetryInterval();

    /**
     * Accept a plain {@code http://} endpoint, but only to a loopback host (tests, a local MinIO). Every other
     * endpoint must be {@code https://}.
     */
    @WithDefault("false")
    boolean allowInsecureLoopback();

    /** Static access key for development only; production uses the default credential chain (IAM roles). */
    Optional<String> accessKeyId();

    /** Secret of {@link #accessKeyId()}; never logged. */
    Optional<String> secretAccessKey();

    /** Whether static keys are configured (development only: a warning at start-up). */
    default boolean staticKeys() {
        return accessKeyId().filter(k -> !k.isBlank()).isPresent();
    }

    /**
     * Role to assume (STS AssumeRole) with the credentials of the default chain, refreshed before they expire;
     * e.g. {@code arn:aws:iam::123456789012:role/akosha-sync}.
     */
    Optional<String> roleArn();

    /**
     * Server-side encryption requested on every object: {@code aes256} (SSE-S3), {@code aws-kms} (SSE-KMS), or
     * {@code none} (no header at all) for stores that do not implement it and answer 501 NotImplemented (MinIO
     * without KMS, S3Proxy's filesystem backend).
     */
    @WithDefault("aes256")
    Encryption sse();

    /** KMS key id or ARN for {@code sse=aws-kms}; without it the bucket's default KMS key is used. */
    Optional<String> kmsKeyId();

    enum Encryption {
        AES256,
        AWS_KMS,
        NONE
    }

    enum PartChecksum {
        CRC32C,
        NONE
    }
}

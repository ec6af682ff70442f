package io.akosha.sync.fallback;

import io.akosha.sync.lifecycle.ShuttingDownException;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.upload.Packer;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The {@code multipart} fallback: sends a sync to {@code POST {akosha.fallback.url}/ingest/upload} as
 * {@code multipart/form-data} with chunked transfer encoding ({@link UploadForm}): one part per file, compressed
 * from the staged copy while it is sent, then the part {@code manifest}, last. Each attempt streams the staged copy
 * again; the {@code Idempotency-Key} ({@code {system_id}/{upload_id}}) is the same for all. 2xx and 409 (already
 * there) are delivered; another 4xx is final ({@link IngestRejectedException}); 5xx, 408, 429, connection failures
 * and uploads that made no progress for {@code akosha.fallback.idle-timeout} are retried; a staged copy that cannot
 * be read ({@link StagedReadException}) and the sidecar stopping are not. No total deadline: an upload that makes
 * progress is never cut. Fault tolerance of its own, configurable with the usual keys under
 * {@code quarkus.fault-tolerance."io.akosha.sync.fallback.HttpSender/send"}.
 */
@ApplicationScoped
public class HttpSender {

    private final FallbackConfig config;
    private final AkoshaHttp akosha;
    private final Packer packer;

    public HttpSender(FallbackConfig config, AkoshaHttp akosha, Packer packer) {
        this.config = config;
        this.akosha = akosha;
        this.packer = packer;
    }

    /**
     * Streams the staged copy of {@code sync} (in {@code stagingDir}) and blocks the calling thread until Akosha
     * answered; never call it on a Vert.x thread. {@code createdAt}: the manifest's creation time. Returns the files
     * and the manifest delivered.
     */
    @Retry(maxRetries = 4, delay = 1000, jitter = 500,
            abortOn = {IngestRejectedException.class, StagedReadException.class, ShuttingDownException.class,
                    CircuitBreakerOpenException.class})
    @ExponentialBackoff(factor = 2, maxDelay = 60_000)
    @BeforeRetry(HttpRetryLog.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS,
            skipOn = {IngestRejectedException.class, StagedReadException.class, ShuttingDownException.class})
    public Packer.Packed send(SyncRecord sync, Path stagingDir, Instant createdAt) throws IOException {
        UploadForm body = new UploadForm(packer, sync, stagingDir, createdAt);
        int status = akosha.client().post("/ingest/upload", Map.of(
                "Authorization", "Bearer " + config.token().orElse(""),
                "Idempotency-Key", sync.systemId() + "/" + sync.uploadId()), body).status();
        if (status / 100 == 2 || status == 409) {
            return body.sent();
        }
        if (status / 100 == 4 && status != 408 && status != 429) {
            throw new IngestRejectedException(status);
        }
        throw new IngestFailedException("Akosha ingestion answered HTTP " + status);
    }
}

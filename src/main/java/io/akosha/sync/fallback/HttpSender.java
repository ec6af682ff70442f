package io.akosha.sync.fallback;

import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.upload.Packer;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The {@code multipart} fallback: sends a packed sync to {@code POST {akosha.fallback.url}/ingest/upload} as
 * {@code multipart/form-data} (part {@code manifest} first, then one part per stored file, streamed from the
 * outbox). 2xx and 409 (already there) are delivered; another 4xx is final ({@link IngestRejectedException}); 5xx,
 * 408, 429, connection failures and uploads that made no progress for {@code akosha.fallback.idle-timeout} are
 * retried. No total deadline: an upload that makes progress is never cut. Fault tolerance of its own, configurable
 * with the usual keys under
 * {@code quarkus.fault-tolerance."io.akosha.sync.fallback.HttpSender/send"}.
 */
@ApplicationScoped
public class HttpSender {

    private final FallbackConfig config;
    private final AkoshaHttp akosha;

    public HttpSender(FallbackConfig config, AkoshaHttp akosha) {
        this.config = config;
        this.akosha = akosha;
    }

    /** Blocks the calling thread until Akosha answered; never call it on a Vert.x thread. */
    @Retry(maxRetries = 4, delay = 1000, jitter = 500,
            abortOn = {IngestRejectedException.class, CircuitBreakerOpenException.class})
    @ExponentialBackoff(factor = 2, maxDelay = 60_000)
    @BeforeRetry(HttpRetryLog.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS,
            skipOn = IngestRejectedException.class)
    public void send(SyncRecord sync, Packer.Packed packed, Path packageRoot) throws IOException {
        MultipartBody body = new MultipartBody().inline("manifest", "manifest.json", "application/json",
                packed.manifest());
        for (FileResult file : packed.files()) {
            String stored = file.objectKey().substring(file.objectKey().lastIndexOf('/') + 1);
            body.file(stored, stored, packed.format().contentType(), packageRoot.resolve(file.objectKey()));
        }
        int status = akosha.client().post("/ingest/upload", Map.of(
                "Authorization", "Bearer " + config.token().orElse(""),
                "Idempotency-Key", sync.systemId() + "/" + sync.uploadId()), body).status();
        if (status / 100 == 2 || status == 409) {
            return;
        }
        if (status / 100 == 4 && status != 408 && status != 429) {
            throw new IngestRejectedException(status);
        }
        throw new IngestFailedException("Akosha ingestion answered HTTP " + status);
    }
}

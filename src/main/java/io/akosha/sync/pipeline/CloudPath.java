package io.akosha.sync.pipeline;

import io.akosha.sync.lifecycle.ShuttingDownException;
import io.akosha.sync.store.DestinationRejectedException;
import io.akosha.sync.store.DestinationUnavailableException;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.upload.Uploader;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The fault-tolerance policy of the cloud path, declared where both paths meet, so that the upload pipeline
 * ({@link Uploader}) does not name its fallback. Every value can be changed with the usual keys, e.g.
 * {@code quarkus.fault-tolerance."io.akosha.sync.pipeline.CloudPath/upload".retry.max-retries}:
 * <ul>
 * <li>{@code @Retry} with exponential backoff and jitter, for transient faults only: an unreachable or
 * rejecting store and an open breaker abort the retries, so the fallback starts at once;</li>
 * <li>{@code @Timeout} sized for tens of MB;</li>
 * <li>{@code @CircuitBreaker}: after repeated failures, syncs skip the cloud for a while; a refusal that no retry
 * changes ({@link DestinationRejectedException}: 4xx, 501 NotImplemented) says nothing about the store's health and
 * is not counted. The cause of the last counted failure is kept ({@link LastCloudFailure}) for the syncs the open
 * breaker turns away;</li>
 * <li>{@code @Fallback}: {@link HandOverToHttp} hands the sync to the HTTP-fallback consumer.</li>
 * </ul>
 * A stop for shutdown ({@link ShuttingDownException}) is none of these: it is not retried, not counted by the
 * breaker and not handed over; the next start resumes the upload.
 */
@ApplicationScoped
public class CloudPath {

    private final Uploader uploader;
    private final LastCloudFailure lastFailure;

    public CloudPath(Uploader uploader, LastCloudFailure lastFailure) {
        this.uploader = uploader;
        this.lastFailure = lastFailure;
    }

    @Fallback(value = HandOverToHttp.class, skipOn = ShuttingDownException.class)
    @Retry(maxRetries = 3, delay = 1000, jitter = 500, abortOn = {DestinationUnavailableException.class,
        DestinationRejectedException.class, CircuitBreakerOpenException.class, ShuttingDownException.class})
    @ExponentialBackoff(factor = 2, maxDelay = 30_000)
    @BeforeRetry(CloudRetryLog.class)
    @Timeout(value = 10, unit = ChronoUnit.MINUTES)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS,
            skipOn = {ShuttingDownException.class, DestinationRejectedException.class})
    public Outcome upload(SyncRecord sync, Path stagingDir) throws IOException {
        try {
            uploader.upload(sync, stagingDir);
        } catch (IOException | RuntimeException e) {
            if (!(e instanceof ShuttingDownException || e instanceof DestinationRejectedException)) {
                lastFailure.record(e); // what the breaker counts
            }
            throw e;
        }
        return Outcome.DELIVERED;
    }

    /** What became of a sync on the cloud path. */
    public enum Outcome {
        DELIVERED,
        HANDED_OVER
    }
}

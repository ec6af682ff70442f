package io.akosha.sync.upload;

import io.akosha.sync.app.ShuttingDownException;
import io.akosha.sync.dedup.Deduplicator;
import io.akosha.sync.fallback.HandOverToHttp;
import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * The cloud path: streams the staged files of a sync to the destination (bucket or local directory), then
 * writes the manifest last and records the delivery. Fault tolerance is declared here, and every value can
 * be changed with the usual keys, e.g. {@code quarkus.fault-tolerance."io.akosha.sync.upload.Uploader/upload".retry.max-retries}:
 * <ul>
 * <li>{@code @Retry} with exponential backoff and jitter, for transient faults only: an unreachable or
 * rejecting store and an open breaker abort the retries, so the fallback starts at once;</li>
 * <li>{@code @Timeout} sized for tens of MB;</li>
 * <li>{@code @CircuitBreaker}: after repeated failures, syncs skip the cloud for a while;</li>
 * <li>{@code @Fallback}: {@link HandOverToHttp} hands the sync to the HTTP-fallback consumer.</li>
 * </ul>
 * A stop for shutdown ({@link ShuttingDownException}) is none of these: it is not retried, not counted by the
 * breaker and not handed over; the next start resumes the upload.
 * A retry sends the same staged bytes to the same keys; nothing is visible to Akosha before the manifest.
 */
@ApplicationScoped
public class Uploader {

    private static final Logger LOG = Logger.getLogger(Uploader.class);

    private final Destination destination;
    private final Packer packer;
    private final SyncRegistry registry;
    private final SyncMetrics metrics;
    private final FileReuse dedup;

    public Uploader(Destination destination, Packer packer, SyncRegistry registry, SyncMetrics metrics,
            Deduplicator dedup) {
        this.destination = destination;
        this.packer = packer;
        this.registry = registry;
        this.metrics = metrics;
        this.dedup = dedup;
    }

    @Fallback(value = HandOverToHttp.class, skipOn = ShuttingDownException.class)
    @Retry(maxRetries = 3, delay = 1000, jitter = 500, abortOn = {DestinationUnavailableException.class,
        DestinationRejectedException.class, CircuitBreakerOpenException.class, ShuttingDownException.class})
    @ExponentialBackoff(factor = 2, maxDelay = 30_000)
    @BeforeRetry(methodName = "beforeRetry")
    @Timeout(value = 10, unit = ChronoUnit.MINUTES)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS,
            skipOn = ShuttingDownException.class)
    public Outcome upload(SyncRecord sync, Path stagingDir) throws IOException {
        long started = System.nanoTime();
        Packer.Packed packed = packer.pack(destination, sync, stagingDir,
                new SyncProgressLog(registry, sync.syncId()), dedup);
        if (Thread.currentThread().isInterrupted()) {
            // @Timeout fired while the files went up: do not commit, the fallback takes over
            throw new InterruptedIOException("cloud upload timed out before its manifest");
        }
        destination.put(packed.manifestKey(), packed.manifest(), "application/json");
        registry.update(sync.syncId(), r -> r.delivered("cloud", packed.files(), destination.name(),
                packed.manifestKey(), Instant.now()));
        metrics.delivered("cloud", destination.name(), packed.files(), Duration.ofNanos(System.nanoTime() - started));
        LOG.infof("Sync %s delivered to %s: %d files, manifest %s", sync.syncId(), destination.name(),
                packed.files().size(), packed.manifestKey());
        return Outcome.DELIVERED;
    }

    void beforeRetry() {
        LOG.info("Retrying the cloud upload after a transient fault"); // sync and upload ids are in the MDC
        metrics.uploadRetried("cloud");
    }

    /** What became of a sync on the cloud path. */
    public enum Outcome {
        DELIVERED,
        HANDED_OVER
    }
}

package io.akosha.sync.health;

import io.akosha.sync.store.DestinationRejectedException;
import io.akosha.sync.sync.Failures;
import io.akosha.sync.upload.Destination;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when the destination answers a cheap probe. The probe runs at most once per
 * {@code akosha.health.destination-interval}, and readiness goes DOWN only after
 * {@code destination-failure-threshold} consecutive failures (one success brings it back), at once when the store
 * refused the probe for good (a missing bucket, denied access: {@link DestinationRejectedException}), with the
 * store's reason in {@code last_error}, e.g. {@code bucket 'x' does not exist (NoSuchBucket)}. The probe runs off the
 * request thread ({@link Refreshing}): a slow store never makes readiness slow to answer.
 */
@Readiness
@ApplicationScoped
public class DestinationCheck implements HealthCheck {

    private final Destination destination;
    private final HealthConfig config;
    private Instant lastProbe;
    private int failures;
    private String lastError;
    private final Refreshing answer = new Refreshing(this::evaluate, Duration.ZERO);

    public DestinationCheck(Destination destination, HealthConfig config) {
        this.destination = destination;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return answer.get();
    }

    private synchronized HealthCheckResponse evaluate() {
        Instant now = Instant.now();
        if (lastProbe == null || now.isAfter(lastProbe.plus(config.destinationInterval()))) {
            lastProbe = now;
            try {
                destination.probe();
                failures = 0;
                lastError = null;
            } catch (Exception e) {
                // a refusal does not go away by itself: no need to wait for the threshold
                failures = e instanceof DestinationRejectedException
                        ? Math.max(failures + 1, config.destinationFailureThreshold()) : failures + 1;
                lastError = Failures.describe(e);
            }
        }
        HealthCheckResponseBuilder response = HealthCheckResponse.named("destination")
                .withData("destination", destination.name());
        if (lastError != null) {
            response.withData("last_error", lastError).withData("consecutive_failures", failures);
        }
        return response.status(failures < config.destinationFailureThreshold()).build();
    }
}

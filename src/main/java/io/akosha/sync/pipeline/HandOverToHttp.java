package io.akosha.sync.pipeline;

import io.akosha.sync.sync.Failures;
import io.akosha.sync.sync.SyncMethod;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.SyncStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * {@code @Fallback} of the cloud path: when it gives up (or its breaker is open), the sync goes to the
 * HTTP-fallback consumer over its own channel (an open breaker's reason names the last failure it counted). A sync
 * that asked for {@code cloud} only, or a sidecar whose fallback is off, fails instead (and is parked). A sync the cloud path already delivered (the
 * manifest went up just as a timeout fired) is never sent a second time.
 */
@ApplicationScoped
public class HandOverToHttp implements FallbackHandler<CloudPath.Outcome> {

    private final SyncRegistry registry;
    private final HandOver handOver;
    private final LastCloudFailure lastFailure;

    public HandOverToHttp(SyncRegistry registry, HandOver handOver, LastCloudFailure lastFailure) {
        this.registry = registry;
        this.handOver = handOver;
        this.lastFailure = lastFailure;
    }

    @Override
    public CloudPath.Outcome handle(ExecutionContext context) {
        SyncRecord sync = (SyncRecord) context.getParameters()[0];
        if (registry.get(sync.syncId()).map(r -> r.status() == SyncStatus.DELIVERED).orElse(false)) {
            return CloudPath.Outcome.DELIVERED;
        }
        String reason = "cloud upload failed: " + Failures.describe(context.getFailure());
        if (context.getFailure() instanceof CircuitBreakerOpenException) {
            reason += lastFailure.describe().map(cause -> "; last failure: " + cause).orElse("");
        }
        if (sync.requestedMethod() == SyncMethod.CLOUD || !handOver.available()) {
            throw new CloudPathFailedException(reason);
        }
        handOver.start(sync.syncId(), reason, false);
        return CloudPath.Outcome.HANDED_OVER;
    }
}

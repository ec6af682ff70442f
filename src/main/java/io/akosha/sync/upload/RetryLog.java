package io.akosha.sync.upload;

import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.sync.Failures;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.smallrye.faulttolerance.api.BeforeRetryHandler;
import java.time.Instant;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.jboss.logging.Logger;

/**
 * Before each retry of a delivery path (whose guarded method takes the {@link SyncRecord} first): says which failure
 * caused it (sync and upload ids are in the MDC), counts it, and records one more attempt of the sync. A handler
 * bean rather than {@code @BeforeRetry(methodName)}: SmallRye calls such a method with the guarded method's
 * arguments, so a method without parameters failed on every retry ("Argument array length must be 0, was 2").
 */
public abstract class RetryLog implements BeforeRetryHandler {

    private static final Logger LOG = Logger.getLogger(RetryLog.class);

    private final SyncMetrics metrics;
    private final SyncRegistry registry;
    private final String method;
    private final String path;

    protected RetryLog(SyncMetrics metrics, SyncRegistry registry, String method, String path) {
        this.metrics = metrics;
        this.registry = registry;
        this.method = method;
        this.path = path;
    }

    @Override
    public void handle(ExecutionContext context) {
        LOG.infof("Retrying the %s after: %s", path, Failures.describe(context.getFailure()));
        metrics.uploadRetried(method);
        SyncRecord sync = (SyncRecord) context.getParameters()[0];
        registry.progress(sync.syncId(), r -> r.retried(Instant.now()));
    }
}

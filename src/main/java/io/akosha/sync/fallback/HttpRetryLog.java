package io.akosha.sync.fallback;

import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.upload.RetryLog;
import jakarta.enterprise.context.Dependent;

/** Before each retry of the HTTP fallback ({@link HttpSender#send}). */
@Dependent
public class HttpRetryLog extends RetryLog {

    public HttpRetryLog(SyncMetrics metrics, SyncRegistry registry) {
        super(metrics, registry, "http", "HTTP fallback");
    }
}

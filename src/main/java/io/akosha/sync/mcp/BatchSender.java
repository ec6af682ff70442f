package io.akosha.sync.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.fallback.HttpRetryLog;
import io.akosha.sync.fallback.IngestRejectedException;
import io.akosha.sync.sync.SyncRecord;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Sends one batch to Akosha's tool, under the fallback's fault tolerance: connection failures, timeouts without
 * progress, 408, 429 and 5xx are retried with backoff (the same batch: its memory ids are stable, and what Akosha
 * stored of a lost attempt comes back as "already stored"); refusals that will not change are not. Configurable
 * under {@code quarkus.fault-tolerance."io.akosha.sync.mcp.BatchSender/send"}.
 */
@ApplicationScoped
public class BatchSender {

    /** Blocks until Akosha answered; never call it on a Vert.x thread. */
    @Retry(maxRetries = 4, delay = 1000, jitter = 500, abortOn = {IngestRejectedException.class,
        McpToolException.class, CircuitBreakerOpenException.class, InterruptedIOException.class})
    @ExponentialBackoff(factor = 2, maxDelay = 60_000)
    @BeforeRetry(HttpRetryLog.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS,
            skipOn = {IngestRejectedException.class, McpToolException.class, InterruptedIOException.class})
    public JsonNode send(SyncRecord sync, McpClient client, String tool, byte[] arguments) throws IOException {
        return client.callTool(tool, arguments);
    }
}

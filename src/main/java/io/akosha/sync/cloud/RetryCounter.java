package io.akosha.sync.cloud;

import io.akosha.sync.metrics.SyncMetrics;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Counts the requests the S3 client sent again ({@link RequestRetries}) from its own per-call metrics
 * ({@code RetryCount}, reported for calls that succeeded and for calls that gave up), so that retries the fault
 * tolerance layer never sees still show in {@code akosha_sync_upload_retries_total{scope="request"}}.
 */
final class RetryCounter implements MetricPublisher {

    private final SyncMetrics metrics;

    RetryCounter(SyncMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void publish(MetricCollection call) {
        int retries = call.metricValues(CoreMetric.RETRY_COUNT).stream().mapToInt(Integer::intValue).sum();
        if (retries > 0) {
            metrics.requestsRetried(retries);
        }
    }

    @Override
    public void close() {
        // nothing held
    }
}

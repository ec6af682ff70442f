package io.akosha.sync.pipeline;

import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.upload.RetryLog;
import jakarta.enterprise.context.Dependent;

/** Before each retry of the cloud upload ({@link CloudPath#upload}). */
@Dependent
public class CloudRetryLog extends RetryLog {

    public CloudRetryLog(SyncMetrics metrics, SyncRegistry registry) {
        super(metrics, registry, "cloud", "cloud upload");
    }
}

package io.akosha.sync.fallback;

import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.upload.Packer;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/**
 * Sends a packed sync to {@code POST {akosha.fallback.url}/ingest/upload}. 2xx and 409 (already there) are
 * delivered; another 4xx is final ({@link IngestRejectedException}); 5xx, timeouts and resets are retried.
 * Fault tolerance of its own, configurable with the usual keys under
 * {@code quarkus.fault-tolerance."io.akosha.sync.fallback.HttpSender/send"}.
 */
@ApplicationScoped
public class HttpSender {

    private final FallbackConfig config;
    private final SyncMetrics metrics;
    private volatile AkoshaIngestClient client;

    public HttpSender(FallbackConfig config, SyncMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** Builds the client at start-up, so the first hand-over does not pay for it. */
    void onStart(@Observes StartupEvent event) {
        if (config.usable()) {
            client();
        }
    }

    @Retry(maxRetries = 4, delay = 1000, jitter = 500,
            abortOn = {IngestRejectedException.class, CircuitBreakerOpenException.class})
    @ExponentialBackoff(factor = 2, maxDelay = 60_000)
    @BeforeRetry(methodName = "beforeRetry")
    @Timeout(value = 10, unit = ChronoUnit.MINUTES)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30, delayUnit = ChronoUnit.SECONDS,
            skipOn = IngestRejectedException.class)
    public void send(SyncRecord sync, Packer.Packed packed, Path packageRoot) throws IOException {
        ClientMultipartForm form = ClientMultipartForm.create()
                .stringFileUpload("manifest", "manifest.json", new String(packed.manifest(), StandardCharsets.UTF_8),
                        "application/json");
        for (FileResult file : packed.files()) {
            String stored = file.objectKey().substring(file.objectKey().lastIndexOf('/') + 1);
            form.binaryFileUpload(stored, stored, packageRoot.resolve(file.objectKey()).toString(),
                    packed.format().contentType());
        }
        String authorization = "Bearer " + config.token().orElse("");
        int status;
        try (Response response = client().upload(authorization, sync.systemId() + "/" + sync.uploadId(), form)) {
            status = response.getStatus();
        } catch (ProcessingException e) {
            throw new IOException("Akosha ingestion unreachable (" + rootCause(e).getClass().getSimpleName() + ")");
        }
        if (status / 100 == 2 || status == 409) {
            return;
        }
        if (status / 100 == 4 && status != 408 && status != 429) {
            throw new IngestRejectedException(status);
        }
        throw new IOException("Akosha ingestion answered HTTP " + status);
    }

    void beforeRetry() {
        metrics.uploadRetried("http");
    }

    private AkoshaIngestClient client() {
        AkoshaIngestClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = QuarkusRestClientBuilder.newBuilder()
                            .baseUri(URI.create(config.url().orElseThrow()))
                            .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .property("microprofile.rest.client.disable.default.mapper", true)
                            .build(AkoshaIngestClient.class);
                }
                c = client;
            }
        }
        return c;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}

package io.akosha.sync.metrics;

import io.akosha.sync.lifecycle.ModeConfig;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SyncMethod;
import io.akosha.sync.sync.SyncTransition;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.SyncStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What an operator watches: sync outcomes, upload durations, bytes, parts, retries, fallbacks, parked and
 * pending syncs. Prometheus names {@code akosha_sync_*} in base units; tags are low-cardinality only (method,
 * result, destination), never a session or sync id. Circuit-breaker state comes from SmallRye Fault
 * Tolerance's own metrics ({@code ft_circuitbreaker_*}).
 */
@ApplicationScoped
public class SyncMetrics {

    private final MeterRegistry registry;

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
        // registered up front, so that dashboards and alerts see 0 rather than no data
        syncs("cloud", "delivered");
        syncs("http", "delivered");
        syncs("none", "parked");
        retries("cloud", "upload");
        retries("cloud", "request");
        retries("http", "upload");
        fallbacks("cloud_failed");
        fallbacks("requested");
        snapshotRetries();
        for (String outcome : new String[] {"pushed", "already_stored", "refused", "skipped"}) {
            memories(outcome);
        }
    }

    private Counter memories(String outcome) {
        return Counter.builder("akosha.sync.memories").tag("outcome", outcome)
                .description("Memories of the MCP fallback: pushed into Akosha, already stored there, refused by"
                        + " Akosha, skipped before sending (no text or embedding)").register(registry);
    }

    private Counter syncs(String method, String result) {
        return Counter.builder("akosha.sync.syncs").tag("method", method).tag("result", result)
                .description("Syncs by path and outcome").register(registry);
    }

    /** {@code scope}: {@code upload} (a whole attempt, by fault tolerance) or {@code request} (one store request). */
    private Counter retries(String method, String scope) {
        return Counter.builder("akosha.sync.upload.retries").tag("method", method).tag("scope", scope)
                .description("Retries after a transient fault: of a whole upload attempt (scope upload) and of one"
                        + " storage request sent again by the S3 client (scope request)")
                .register(registry);
    }

    private Counter fallbacks(String cause) {
        return Counter.builder("akosha.sync.fallback.activations").tag("cause", cause)
                .description("Syncs handed to the HTTP fallback").register(registry);
    }

    private Counter snapshotRetries() {
        return Counter.builder("akosha.sync.snapshot.retries")
                .description("Snapshot copies retried because a file changed").register(registry);
    }

    /**
     * Gauges over the registry's state: parked syncs, queue depth, age of the oldest pending sync. Gauges left
     * by an earlier application instance in the same JVM (dev mode, tests) would keep pointing at its gone
     * registry, so they are replaced.
     */
    void watch(@Observes StartupEvent event, ModeConfig mode, SyncRegistry syncs) {
        if (mode.commandMode()) {
            return; // no journal in command mode
        }
        for (String name : List.of("akosha.sync.parked", "akosha.sync.pending", "akosha.sync.oldest.pending.age")) {
            registry.find(name).meters().forEach(registry::remove);
        }
        Gauge.builder("akosha.sync.parked", syncs, s -> s.count(SyncStatus.PARKED))
                .description("Syncs parked because every path gave up").register(registry);
        Gauge.builder("akosha.sync.pending", syncs, s -> s.pending().size())
                .description("Accepted syncs not yet delivered or parked (queue depth)").register(registry);
        Gauge.builder("akosha.sync.oldest.pending.age", syncs, SyncMetrics::oldestPendingSeconds)
                .baseUnit("seconds").description("Age of the oldest accepted, undelivered sync").register(registry);
    }

    static double oldestPendingSeconds(SyncRegistry syncs) {
        List<SyncRecord> pending = syncs.pending();
        return pending.isEmpty() ? 0 : Duration.between(pending.get(0).createdAt(), Instant.now()).toMillis() / 1000.0;
    }

    /**
     * Sync outcomes from the syncs' status changes, as the audit log gets them: every path is counted without a call
     * at each site. An upload's duration runs from the change before delivery (staged, or handed over) to delivery.
     */
    void onTransition(@Observes SyncTransition transition) {
        SyncRecord sync = transition.after();
        switch (sync.status()) {
            case DELIVERED -> delivered(sync.method(), sync.deliveredVia(), sync.files(),
                    Duration.between(transition.before().updatedAt(), sync.updatedAt()));
            case FALLING_BACK -> fallbacks(sync.requestedMethod() == SyncMethod.HTTP ? "requested" : "cloud_failed")
                    .increment();
            case PARKED -> syncs("none", "parked").increment();
            default -> {
                // queued, snapshotting, uploading: no outcome yet
            }
        }
    }

    private void delivered(String method, String destination, List<FileResult> files, Duration took) {
        syncs(method, "delivered").increment();
        Timer.builder("akosha.sync.upload.duration").tag("method", method)
                .description("From the start of an upload to its manifest")
                .publishPercentiles(0.5, 0.95, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry).record(took);
        long read = 0;
        long stored = 0;
        int parts = 0;
        long reused = 0;
        for (FileResult f : files) {
            if (f.reused()) {
                reused += f.size();
                continue;
            }
            read += f.size();
            stored += f.storedBytes() == null ? 0 : f.storedBytes();
            parts += f.parts() == null ? 0 : f.parts();
        }
        Counter.builder("akosha.sync.read").baseUnit("bytes").description("Original bytes uploaded")
                .tag("method", method).register(registry).increment(read);
        Counter.builder("akosha.sync.stored").baseUnit("bytes").description("Compressed bytes stored")
                .tag("method", method).register(registry).increment(stored);
        Counter.builder("akosha.sync.dedup").baseUnit("bytes")
                .description("Original bytes not sent again: unchanged since the last delivered upload")
                .tag("method", method).register(registry).increment(reused);
        Counter.builder("akosha.sync.parts.uploaded").description("Objects' parts uploaded")
                .tag("destination", destination).register(registry).increment(parts);
        if (read > 0) {
            DistributionSummary.builder("akosha.sync.compression.ratio")
                    .description("Stored bytes / original bytes per sync").register(registry)
                    .record((double) stored / read);
        }
    }

    /** A retry of a whole upload by {@code method} after a transient fault. */
    public void uploadRetried(String method) {
        retries(method, "upload").increment();
    }

    /** {@code count} storage requests of the cloud path sent again by the S3 client after a transient fault. */
    public void requestsRetried(int count) {
        retries("cloud", "request").increment(count);
    }

    /** One batch of the MCP fallback confirmed by Akosha. */
    public void memories(long pushed, long alreadyStored, long refused, long skipped) {
        memories("pushed").increment(pushed);
        memories("already_stored").increment(alreadyStored);
        memories("refused").increment(refused);
        memories("skipped").increment(skipped);
    }

    /** A sync's snapshot staged: {@code bytes} copied (databases and WALs) in {@code took}. */
    public void snapshotTaken(Duration took, long bytes) {
        Timer.builder("akosha.sync.snapshot.duration")
                .description("Copying a sync's files into the spool, fsync included")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry).record(took);
        Counter.builder("akosha.sync.snapshot").baseUnit("bytes").description("Bytes copied into snapshots")
                .register(registry).increment(bytes);
    }

    /** A snapshot copy thrown away because the file changed while it was copied. */
    public void snapshotRetried() {
        snapshotRetries().increment();
    }
}

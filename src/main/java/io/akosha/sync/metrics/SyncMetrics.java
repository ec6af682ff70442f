package io.akosha.sync.metrics;

import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.SyncStatus;
import io.akosha.sync.upload.FileReuse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
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
        retries("cloud");
        retries("http");
        fallbacks("cloud_failed");
        fallbacks("requested");
        snapshotRetries();
    }

    private Counter syncs(String method, String result) {
        return Counter.builder("akosha.sync.syncs").tag("method", method).tag("result", result)
                .description("Syncs by path and outcome").register(registry);
    }

    private Counter retries(String method) {
        return Counter.builder("akosha.sync.upload.retries").tag("method", method)
                .description("Uploads retried after a transient fault").register(registry);
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
    public void watch(SyncRegistry syncs) {
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

    /** A sync delivered by {@code method} ({@code cloud} or {@code http}) to {@code destination}. */
    public void delivered(String method, String destination, List<FileResult> files, Duration took) {
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
            if (FileReuse.reused(f)) {
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

    public void parked() {
        syncs("none", "parked").increment();
    }

    /** A retry of a whole upload by {@code method} after a transient fault. */
    public void uploadRetried(String method) {
        retries(method).increment();
    }

    /** The HTTP fallback took over; {@code cause}: {@code cloud_failed} or {@code requested}. */
    public void fallbackActivated(String cause) {
        fallbacks(cause).increment();
    }

    /** A snapshot copy thrown away because the file changed while it was copied. */
    public void snapshotRetried() {
        snapshotRetries().increment();
    }
}

package io.akosha.sync.health;

import io.akosha.sync.lifecycle.Threads;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A readiness answer that never waits for the disk or the network: the last result of a probe is answered at once,
 * and one older than {@code maxAge} is refreshed on the {@code akosha-health} thread for the next call (only the very
 * first call waits for its probe). An fsync or a store request that is slow during a burst of session ends then
 * delays what readiness reports by one refresh, never the answer itself.
 */
final class Refreshing {

    private static final ExecutorService PROBES = Executors.newSingleThreadExecutor(Threads.daemons("akosha-health"));

    private final Supplier<HealthCheckResponse> probe;
    private final long maxAgeNanos;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile HealthCheckResponse last;
    private volatile long probedAt;

    Refreshing(Supplier<HealthCheckResponse> probe, Duration maxAge) {
        this.probe = probe;
        this.maxAgeNanos = maxAge.toNanos();
    }

    HealthCheckResponse get() {
        HealthCheckResponse current = last;
        if (current == null) {
            synchronized (this) {
                if (last == null) {
                    refresh();
                }
                return last;
            }
        }
        if (System.nanoTime() - probedAt >= maxAgeNanos && refreshing.compareAndSet(false, true)) {
            PROBES.execute(() -> {
                try {
                    refresh();
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return current;
    }

    private void refresh() {
        HealthCheckResponse result = probe.get();
        probedAt = System.nanoTime();
        last = result;
    }
}

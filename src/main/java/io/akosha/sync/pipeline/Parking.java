package io.akosha.sync.pipeline;

import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.redact.Redactor;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.SyncStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Parks syncs that neither path could deliver, and re-drives them: periodically, with a delay that doubles
 * with every attempt (up to {@code akosha.park.max-delay}), and on request. Nothing accepted is dropped.
 */
@ApplicationScoped
public class Parking {

    private static final Logger LOG = Logger.getLogger(Parking.class);

    private final SyncRegistry registry;
    private final SyncQueue queue;
    private final ParkConfig config;
    private final SyncMetrics metrics;

    public Parking(SyncRegistry registry, SyncQueue queue, ParkConfig config, SyncMetrics metrics) {
        this.registry = registry;
        this.queue = queue;
        this.config = config;
        this.metrics = metrics;
    }

    public void park(String syncId, String cause) {
        String reason = Redactor.redact(cause); // shown by the status API and written to the journal
        SyncRecord parked = registry.update(syncId, r -> r.parked(reason, Instant.now()));
        LOG.warnf("Sync %s parked: %s", syncId, reason);
        metrics.parked();
        scheduleRedrive(parked);
    }

    /** Plans the next automatic re-drive of a parked sync. */
    public void scheduleRedrive(SyncRecord parked) {
        Duration delay = delay(parked.attempts());
        queue.schedule(() -> redrive(parked.syncId(), "re-driven after " + delay), delay);
    }

    /**
     * Puts a parked sync back on the channel.
     *
     * @return the re-queued sync, or empty when it is not parked (any more)
     */
    public Optional<SyncRecord> redrive(String syncId, String reason) {
        if (registry.get(syncId).map(r -> r.status() != SyncStatus.PARKED).orElse(true)) {
            return Optional.empty();
        }
        AtomicBoolean requeued = new AtomicBoolean();
        SyncRecord next = registry.update(syncId, r -> {
            if (r.status() != SyncStatus.PARKED) {
                return r;
            }
            requeued.set(true);
            return r.requeued(reason, Instant.now());
        });
        if (!requeued.get()) {
            return Optional.empty();
        }
        queue.enqueue(syncId);
        return Optional.of(next);
    }

    Duration delay(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 20));
        Duration delay = config.initialDelay().multipliedBy(1L << doublings);
        return delay.compareTo(config.maxDelay()) > 0 ? config.maxDelay() : delay;
    }
}

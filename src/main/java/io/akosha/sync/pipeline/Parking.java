package io.akosha.sync.pipeline;

import io.akosha.sync.redact.Redactor;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.SyncStatus;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Parks syncs that neither path could deliver, and re-drives them: automatically once their due time came, with a
 * delay that doubles with every parking (up to {@code akosha.park.max-delay}), and on request. The due time is part
 * of the journaled sync, so a restart neither forgets a re-drive nor starts its delay over. Nothing accepted is
 * dropped.
 */
@ApplicationScoped
public class Parking {

    private static final Logger LOG = Logger.getLogger(Parking.class);

    private final SyncRegistry registry;
    private final SyncQueue queue;
    private final ParkConfig config;

    public Parking(SyncRegistry registry, SyncQueue queue, ParkConfig config) {
        this.registry = registry;
        this.queue = queue;
        this.config = config;
    }

    public void park(String syncId, String cause) {
        String reason = Redactor.redact(cause); // shown by the status API and written to the journal
        Instant now = Instant.now();
        SyncRecord parked = registry.update(syncId, r -> r.parked(reason, now, now.plus(delay(r.timesParked() + 1))));
        LOG.warnf("Sync %s parked: %s; re-driven at %s", syncId, reason, parked.retryAt());
    }

    /** Re-drives the parked syncs whose due time came (the scheduler's {@code akosha-redrive} job). */
    @Scheduled(identity = "akosha-redrive", every = "${akosha.park.check-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void redriveDue() {
        redriveDue(Instant.now());
    }

    /** @return how many parked syncs were due at {@code now} and went back on the channel */
    int redriveDue(Instant now) {
        int redriven = 0;
        for (SyncRecord sync : registry.list(SyncStatus.PARKED)) {
            // parked by a version that did not journal the due time: due a delay after it was parked
            Instant due = sync.retryAt() != null ? sync.retryAt() : sync.updatedAt().plus(delay(sync.timesParked()));
            if (!due.isAfter(now)) {
                String reason = "re-driven after " + Duration.between(sync.updatedAt(), now).withNanos(0);
                redriven += redrive(sync.syncId(), reason).isPresent() ? 1 : 0;
            }
        }
        return redriven;
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
            return r.redriven(reason, Instant.now());
        });
        if (!requeued.get()) {
            return Optional.empty();
        }
        queue.enqueue(syncId);
        return Optional.of(next);
    }

    /** The wait before the {@code parkings}-th re-drive: the initial delay, doubled for every parking before. */
    Duration delay(int parkings) {
        int doublings = Math.max(0, Math.min(parkings - 1, 20));
        Duration delay = config.initialDelay().multipliedBy(1L << doublings);
        return delay.compareTo(config.maxDelay()) > 0 ? config.maxDelay() : delay;
    }
}

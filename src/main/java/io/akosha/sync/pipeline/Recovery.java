package io.akosha.sync.pipeline;

import io.akosha.sync.lifecycle.ModeConfig;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Instant;

/**
 * On start, every accepted sync that is not delivered goes back where it was: the channel or the fallback; a parked
 * sync stays parked until its journaled due time ({@link Parking}).
 */
@ApplicationScoped
public class Recovery {

    private final SyncRegistry registry;
    private final SyncQueue queue;
    private final FallbackQueue fallbackQueue;
    private final ModeConfig mode;
    private volatile boolean done;

    public Recovery(SyncRegistry registry, SyncQueue queue, FallbackQueue fallbackQueue, ModeConfig mode) {
        this.mode = mode;
        this.registry = registry;
        this.queue = queue;
        this.fallbackQueue = fallbackQueue;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) StartupEvent event) {
        if (mode.commandMode()) {
            return; // list / restore / verify: the sidecar's journal belongs to the sidecar
        }
        for (SyncRecord sync : registry.list(null)) {
            switch (sync.status()) {
                case QUEUED, SNAPSHOTTING, UPLOADING -> queue.enqueue(sync.syncId());
                case FALLING_BACK -> { // stays with the path it was on; resuming it after a restart is an attempt
                    registry.progress(sync.syncId(), r -> r.retried(Instant.now()));
                    fallbackQueue.enqueue(sync.syncId());
                }
                case PARKED, DELIVERED -> { // a parked sync is re-driven when it is due (Parking)
                }
            }
        }
        done = true;
    }

    /** Whether the journal was replayed and every pending sync re-queued. */
    public boolean done() {
        return done;
    }
}

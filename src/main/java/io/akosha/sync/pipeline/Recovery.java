package io.akosha.sync.pipeline;

import io.akosha.sync.fallback.FallbackQueue;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/** On start, every accepted sync that is not delivered goes back where it was: channel, fallback, or parking. */
@ApplicationScoped
public class Recovery {

    private final SyncRegistry registry;
    private final SyncQueue queue;
    private final FallbackQueue fallbackQueue;
    private final Parking parking;
    private volatile boolean done;

    public Recovery(SyncRegistry registry, SyncQueue queue, FallbackQueue fallbackQueue, Parking parking) {
        this.registry = registry;
        this.queue = queue;
        this.fallbackQueue = fallbackQueue;
        this.parking = parking;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) StartupEvent event) {
        for (SyncRecord sync : registry.list(null)) {
            switch (sync.status()) {
                case QUEUED, SNAPSHOTTING, UPLOADING -> queue.enqueue(sync.syncId());
                case FALLING_BACK -> fallbackQueue.enqueue(sync.syncId()); // stays with the path it was on
                case PARKED -> parking.scheduleRedrive(sync);
                case DELIVERED -> {
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

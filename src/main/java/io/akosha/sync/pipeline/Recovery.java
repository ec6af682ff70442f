package io.akosha.sync.pipeline;

import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** On start, every accepted sync that is not delivered or parked goes back on the channel. */
@ApplicationScoped
public class Recovery {

    private final SyncRegistry registry;
    private final SyncQueue queue;

    public Recovery(SyncRegistry registry, SyncQueue queue) {
        this.registry = registry;
        this.queue = queue;
    }

    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 100) StartupEvent event) {
        for (SyncRecord pending : registry.pending()) {
            queue.enqueue(pending.syncId());
        }
    }
}

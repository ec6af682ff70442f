package io.akosha.sync.pipeline;

import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Producer side of the internal {@value #CHANNEL} channel. Only sync ids travel on it: the journal holds
 * the state, so whatever is lost from the channel (a crash) is found again on restart.
 */
@ApplicationScoped
public class SyncQueue {

    public static final String CHANNEL = "sync-requests";

    private final Emitter<String> emitter;
    private final Vertx vertx;

    public SyncQueue(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<String> emitter,
            Vertx vertx) {
        this.emitter = emitter;
        this.vertx = vertx;
    }

    public void enqueue(String syncId) {
        emitter.send(syncId);
    }

    /**
     * Puts the sync back on the channel after {@code delay} (busy snapshot), on a Vert.x timer. Nothing to persist:
     * the sync is queued in the journal, and a restart puts every queued sync back on the channel.
     */
    public void enqueueLater(String syncId, Duration delay) {
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> enqueue(syncId));
    }
}

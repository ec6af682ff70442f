package io.akosha.sync.pipeline;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "akosha-requeue");
        t.setDaemon(true);
        return t;
    });

    public SyncQueue(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<String> emitter) {
        this.emitter = emitter;
    }

    public void enqueue(String syncId) {
        emitter.send(syncId);
    }

    /** Puts the sync back on the channel after {@code delay} (busy snapshot). */
    public void enqueueLater(String syncId, Duration delay) {
        schedule(() -> enqueue(syncId), delay);
    }

    /** Runs {@code task} once after {@code delay} on the queue's timer thread. */
    public void schedule(Runnable task, Duration delay) {
        timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}

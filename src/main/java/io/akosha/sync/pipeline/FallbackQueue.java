package io.akosha.sync.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Producer side of the internal {@value #CHANNEL} channel: sync ids handed to the HTTP fallback. */
@ApplicationScoped
public class FallbackQueue {

    public static final String CHANNEL = "http-fallback";

    private final Emitter<String> emitter;

    public FallbackQueue(@Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<String> emitter) {
        this.emitter = emitter;
    }

    public void enqueue(String syncId) {
        emitter.send(syncId);
    }
}

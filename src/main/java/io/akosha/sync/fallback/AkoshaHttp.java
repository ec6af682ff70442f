package io.akosha.sync.fallback;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;

/**
 * The one HTTP client to {@code akosha.fallback.url}, whichever protocol the fallback speaks: built at start-up
 * (so that the first hand-over does not pay for it), closed at shutdown.
 */
@ApplicationScoped
public class AkoshaHttp {

    /** An MCP tool result (one per memory refused, twice over: as text and as structured content) is read whole. */
    private static final int MAX_ANSWER = 8 * 1024 * 1024;

    private final FallbackConfig config;
    private final Vertx vertx;
    private volatile StreamingHttp http;

    public AkoshaHttp(FallbackConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.usable()) {
            client();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        StreamingHttp h = http;
        if (h != null) {
            h.close();
        }
    }

    public StreamingHttp client() {
        StreamingHttp h = http;
        if (h == null) {
            synchronized (this) {
                if (http == null) {
                    http = new StreamingHttp(vertx, URI.create(config.url().orElseThrow()), config.connectTimeout(),
                            config.idleTimeout(), MAX_ANSWER);
                }
                h = http;
            }
        }
        return h;
    }
}

package io.akosha.sync.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Protection of the event API ({@code /v1/*}); {@code /q/health} and {@code /q/metrics} stay open. */
@ConfigMapping(prefix = "akosha.api")
public interface ApiConfig {

    /**
     * Bearer token the session tool must send ({@code Authorization: Bearer <token>}); none = no
     * authentication (the API listens on loopback only by default). Never logged.
     */
    Optional<String> token();

    /** Requests per second each client address may make on average; 0 turns the limit off. */
    @WithDefault("500")
    int rateLimit();

    /** Requests a client may make in a burst above {@link #rateLimit()}. */
    @WithDefault("1000")
    int rateBurst();

    /** Largest request body accepted, in bytes (larger ones get 413). */
    @WithDefault("65536")
    long maxBodySize();
}

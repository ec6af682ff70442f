package io.akosha.sync.fallback;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Akosha's HTTPS ingestion, used when the cloud path gives up. */
@ConfigMapping(prefix = "akosha.fallback")
public interface FallbackConfig {

    /** How the fallback delivers into Akosha. */
    enum Protocol {
        /** The memories of the staged databases, pushed with the MCP tool {@code batch_store_memories}. */
        MCP,
        /** The compressed files and the manifest, as {@code multipart/form-data} to {@code {url}/ingest/upload}. */
        MULTIPART
    }

    /** {@code mcp} (Akosha's MCP ingestion, the default) or {@code multipart} (an Akosha serving /ingest/upload). */
    @WithDefault("mcp")
    Protocol protocol();

    /** Off: a sync whose cloud upload fails is parked instead. */
    @WithDefault("true")
    boolean enabled();

    /**
     * For {@code mcp}: Akosha's MCP endpoint (e.g. {@code https://akosha.example.com/mcp}); for {@code multipart}: the
     * base URL, uploads go to {@code {url}/ingest/upload}. {@code https://} only (see
     * {@link #allowInsecureLoopback()}).
     */
    Optional<String> url();

    /**
     * Whether the fallback is enabled and has somewhere to send to: a URL and, for {@code multipart}, which Akosha
     * refuses without one, a token (without it the fallback is off and start-up warns: {@link #missingToken()}).
     */
    default boolean usable() {
        return enabled() && url().filter(u -> !u.isBlank()).isPresent() && !missingToken();
    }

    /** The fallback is enabled with a URL, for {@code multipart}, but no token is set. */
    default boolean missingToken() {
        return enabled() && url().filter(u -> !u.isBlank()).isPresent() && protocol() == Protocol.MULTIPART
                && token().filter(t -> !t.isBlank()).isEmpty();
    }

    /**
     * Bearer token: a JWT Akosha accepts (its audience and, for multipart, permission {@code ingest:upload}); never
     * logged.
     */
    Optional<String> token();

    /** Accept a plain {@code http://} URL, but only to a loopback host (tests, local Akosha). */
    @WithDefault("false")
    boolean allowInsecureLoopback();

    @WithDefault("2s")
    Duration connectTimeout();

    /**
     * An upload is cut when no byte was sent or received for this long (the receiver stopped reading, or is silent
     * after the body); one that makes progress is never cut, however long it takes.
     */
    @WithDefault("60s")
    Duration idleTimeout();

    /** Syncs sent over HTTP at once: the size of the {@code akosha-fallback} worker pool (application.properties). */
    @WithDefault("2")
    int maxInFlight();
}

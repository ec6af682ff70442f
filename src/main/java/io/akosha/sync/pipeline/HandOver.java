package io.akosha.sync.pipeline;

import io.akosha.sync.fallback.FallbackConfig;
import io.akosha.sync.redact.Redactor;
import io.akosha.sync.sync.SyncRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Moves a sync to the HTTP fallback: recorded in the journal first, then put on the fallback channel. */
@ApplicationScoped
public class HandOver {

    private static final Logger LOG = Logger.getLogger(HandOver.class);

    private final FallbackConfig config;
    private final SyncRegistry registry;
    private final FallbackQueue queue;

    public HandOver(FallbackConfig config, SyncRegistry registry, FallbackQueue queue) {
        this.config = config;
        this.registry = registry;
        this.queue = queue;
    }

    /** Whether the fallback is enabled and has somewhere to send to. */
    public boolean available() {
        return config.usable();
    }

    /** @param requested whether the event asked for HTTP (rather than the cloud path failing) */
    public void start(String syncId, String cause, boolean requested) {
        String reason = Redactor.redact(cause); // shown by the status API and written to the journal
        LOG.infof("Sync %s goes to the HTTP fallback: %s", syncId, reason);
        registry.update(syncId, r -> r.fallingBack(reason, Instant.now()));
        queue.enqueue(syncId);
    }
}

package io.akosha.sync.upload;

import io.akosha.sync.sync.SystemIdentity;
import io.akosha.sync.sync.SyncRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Gives up the multipart uploads nobody will resume, so that no orphaned parts are billed to the user: once after
 * start-up, the uploads under this sidecar's system prefixes that no journal entry owns (the process died between
 * creating one and recording it, or the journal was lost), and, on the same schedule, the aborts that failed while
 * the store could not be reached. Only uploads started before this process are swept, and only under the system
 * ids this sidecar uploads for: other machines sharing the bucket keep theirs. A sweep the store did not answer is
 * tried again every {@code akosha.cloud.abort-retry-interval}.
 */
@ApplicationScoped
public class OrphanSweep {

    private static final Logger LOG = Logger.getLogger(OrphanSweep.class);

    private final Destination destination;
    private final SyncRegistry registry;
    private final UploadProgress progress;
    private final SystemIdentity identity;
    private final Layout layout;
    private volatile Instant started;
    private volatile boolean swept;

    public OrphanSweep(Destination destination, SyncRegistry registry, UploadProgress progress,
            SystemIdentity identity, Layout layout) {
        this.destination = destination;
        this.registry = registry;
        this.progress = progress;
        this.identity = identity;
        this.layout = layout;
    }

    /** Before the journal's pending syncs are re-queued, so that every upload started later is this process's. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 50) StartupEvent event) {
        started = Instant.now();
    }

    @Scheduled(identity = "akosha-orphan-sweep", every = "${akosha.cloud.abort-retry-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (started == null) {
            return;
        }
        destination.retryPendingAborts();
        if (swept) {
            return;
        }
        try {
            int aborted = sweep(started);
            swept = true;
            if (aborted > 0) {
                LOG.infof("Aborted %d orphaned multipart upload(s) no sync owns", aborted);
            }
        } catch (IOException | RuntimeException e) {
            LOG.infof("Orphaned multipart uploads not checked yet (%s); trying again", e.getMessage());
        }
    }

    int sweep(Instant startedBefore) throws IOException {
        Set<String> systems = new TreeSet<>();
        systems.add(identity.defaultSystemId());
        registry.list(null).forEach(r -> systems.add(r.systemId()));
        int count = 0;
        for (String system : systems) {
            count += destination.abortOrphans(layout.systemsPrefix(system), progress::owns, startedBefore);
        }
        return count;
    }

}

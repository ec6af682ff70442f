package io.akosha.sync.cloud;

import io.akosha.sync.app.ModeConfig;
import io.akosha.sync.ingest.SystemIdentity;
import io.akosha.sync.sync.ObjectProgress;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.upload.Layout;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * At start-up, aborts the multipart uploads under this sidecar's system prefixes that no journal entry owns
 * (the process died between creating one and recording it, or the journal was lost), so that no orphaned parts
 * are billed to the user. Only uploads started before this process are touched, and only under the system ids
 * this sidecar uploads for: other machines sharing the bucket keep theirs. Runs in the background and tries
 * again at {@code akosha.cloud.abort-retry-interval} while the store cannot be reached.
 */
@ApplicationScoped
public class OrphanSweep {

    private static final Logger LOG = Logger.getLogger(OrphanSweep.class);

    private final CloudConfig cloud;
    private final ModeConfig mode;
    private final S3Destinations destinations;
    private final SyncRegistry registry;
    private final SystemIdentity identity;
    private final Layout layout;
    private volatile int aborted = -1;
    private Thread sweeper;

    public OrphanSweep(CloudConfig cloud, ModeConfig mode, S3Destinations destinations, SyncRegistry registry,
            SystemIdentity identity, Layout layout) {
        this.cloud = cloud;
        this.mode = mode;
        this.destinations = destinations;
        this.registry = registry;
        this.identity = identity;
        this.layout = layout;
    }

    /** Runs before the journal's pending syncs are re-queued, so that everything started later is this process's. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 50) StartupEvent event) {
        if (!cloud.hasBucket() || mode.commandMode()) {
            return;
        }
        Instant started = Instant.now();
        sweeper = new Thread(() -> sweepUntilDone(started), "akosha-orphan-sweep");
        sweeper.setDaemon(true);
        sweeper.start();
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.interrupt();
        }
    }

    private void sweepUntilDone(Instant started) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                aborted = sweep(started);
                if (aborted > 0) {
                    LOG.infof("Aborted %d orphaned multipart upload(s) no sync owns", aborted);
                }
                return;
            } catch (IOException | RuntimeException e) {
                LOG.infof("Orphaned multipart uploads not checked yet (%s); trying again in %s", e.getMessage(),
                        cloud.abortRetryInterval());
            }
            try {
                Thread.sleep(cloud.abortRetryInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    int sweep(Instant startedBefore) throws IOException {
        S3Destination destination = destinations.get();
        Set<String> systems = new TreeSet<>();
        systems.add(identity.defaultSystemId());
        registry.list(null).forEach(r -> systems.add(r.systemId()));
        int count = 0;
        for (String system : systems) {
            count += destination.abortOrphans(layout.systemsPrefix(system), this::owned, startedBefore);
        }
        return count;
    }

    /** Read when each upload is looked at, so that an upload recorded meanwhile counts as owned. */
    private boolean owned(String uploadId) {
        return registry.list(null).stream()
                .map(SyncRecord::objects)
                .flatMap(List::stream)
                .map(ObjectProgress::multipartId)
                .anyMatch(uploadId::equals);
    }

    /** Uploads aborted by the sweep at start-up; -1 until it ran. */
    public int aborted() {
        return aborted;
    }
}

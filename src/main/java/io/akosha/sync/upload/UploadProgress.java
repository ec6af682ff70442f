package io.akosha.sync.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.spool.Journal;
import io.akosha.sync.spool.SpoolConfig;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.ObjectProgress;
import io.akosha.sync.sync.ObjectProgress.PartDone;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.SyncStatus;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * How far the cloud path got with each object of each pending sync, so that a restart resumes instead of starting
 * over: its own append-only journal ({@code progress.log} in the spool directory), apart from the syncs' journal,
 * so that a confirmed part appends one small line. Steps are written without waiting for an fsync: they are in the
 * kernel once the call returns, so they survive a killed process; a power loss costs at most a re-sent part. On
 * start, and whenever it grew to four times its compacted size, the journal is rewritten with what its steps add
 * up to, for the syncs that are still pending.
 */
@ApplicationScoped
public class UploadProgress {

    private static final Logger LOG = Logger.getLogger(UploadProgress.class);
    private static final long COMPACT_MIN_BYTES = 1 << 20;

    private final SpoolConfig config;
    private final ObjectMapper mapper;
    private final SyncRegistry registry;
    private final Map<String, Map<String, ObjectProgress>> bySync = new LinkedHashMap<>();
    private Journal<ProgressStep> journal;
    private long compactAt;

    public UploadProgress(SpoolConfig config, ObjectMapper mapper, SyncRegistry registry) {
        this.config = config;
        this.mapper = mapper;
        this.registry = registry;
    }

    @PostConstruct
    synchronized void open() {
        journal = new Journal<>(config.spoolDir().resolve("progress.log"), mapper, ProgressStep.class);
        journal.replay().forEach(this::apply);
        // delivered (the process died before it forgot them) or gone from the registry: nothing to resume
        bySync.keySet().removeIf(id -> registry.get(id).map(r -> r.status() == SyncStatus.DELIVERED).orElse(true));
        compact();
    }

    @PreDestroy
    synchronized void close() throws IOException {
        journal.close();
    }

    /** The progress log of one sync's upload. */
    public ProgressLog of(String syncId) {
        return new ProgressLog() {
            @Override
            public Optional<ObjectProgress> find(String key) {
                return UploadProgress.this.find(syncId, key);
            }

            @Override
            public void started(String key, String cutting, String multipartId) {
                record(ProgressStep.object(syncId, ObjectProgress.started(key, cutting, multipartId)));
            }

            @Override
            public void part(String key, PartDone part) {
                record(ProgressStep.part(syncId, key, part));
            }

            @Override
            public void completed(String key, String cutting, FileResult stored) {
                record(ProgressStep.object(syncId, ObjectProgress.started(key, cutting, null).completed(stored)));
            }
        };
    }

    public synchronized Optional<ObjectProgress> find(String syncId, String key) {
        return Optional.ofNullable(bySync.getOrDefault(syncId, Map.of()).get(key));
    }

    /** What is known about each object of a sync. */
    public synchronized List<ObjectProgress> objects(String syncId) {
        return List.copyOf(bySync.getOrDefault(syncId, Map.of()).values());
    }

    /** Whether a pending sync owns this multipart upload (the orphan sweep leaves it). */
    public synchronized boolean owns(String multipartId) {
        return bySync.values().stream().flatMap(m -> m.values().stream())
                .anyMatch(o -> multipartId.equals(o.multipartId()));
    }

    /** Forgets a sync's progress: it was delivered, or its parts were cut from a copy that is gone. */
    public void forget(String syncId) {
        record(ProgressStep.forget(syncId));
    }

    private synchronized void record(ProgressStep step) {
        if (step.key() == null && !bySync.containsKey(step.syncId())) {
            return;
        }
        journal.write(step);
        apply(step);
        if (journal.size() >= compactAt) {
            compact();
        }
    }

    private void apply(ProgressStep step) {
        if (step.key() == null) {
            bySync.remove(step.syncId());
        } else if (step.object() != null) {
            bySync.computeIfAbsent(step.syncId(), id -> new LinkedHashMap<>()).put(step.key(), step.object());
        } else if (step.part() != null) {
            Map<String, ObjectProgress> objects = bySync.get(step.syncId());
            ObjectProgress object = objects == null ? null : objects.get(step.key());
            if (object != null) {
                objects.put(step.key(), object.withPart(step.part()));
            }
        }
    }

    private void compact() {
        List<ProgressStep> live = new ArrayList<>();
        bySync.forEach((id, objects) -> objects.values().forEach(o -> live.add(ProgressStep.object(id, o))));
        try {
            long before = journal.size();
            journal.compactAndOpen(live);
            compactAt = Math.max(COMPACT_MIN_BYTES, 4 * journal.size());
            LOG.debugf("Progress journal compacted from %d to %d bytes (%d objects)", before, journal.size(),
                    live.size());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot compact the progress journal in " + config.spoolDir(), e);
        }
    }
}

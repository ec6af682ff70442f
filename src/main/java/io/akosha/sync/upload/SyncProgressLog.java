package io.akosha.sync.upload;

import io.akosha.sync.sync.ObjectProgress;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import java.time.Instant;
import java.util.Optional;

/**
 * The progress of a sync's objects, kept in its journal record: written without waiting for an fsync (it is in
 * the kernel once the call returns, so it survives a killed process; a power loss costs at most a re-sent part).
 */
public final class SyncProgressLog implements ProgressLog {

    private final SyncRegistry registry;
    private final String syncId;

    public SyncProgressLog(SyncRegistry registry, String syncId) {
        this.registry = registry;
        this.syncId = syncId;
    }

    @Override
    public Optional<ObjectProgress> find(String key) {
        return registry.get(syncId).map(SyncRecord::objects).orElseThrow().stream()
                .filter(o -> o.key().equals(key))
                .findFirst();
    }

    @Override
    public void record(ObjectProgress progress) {
        registry.progress(syncId, r -> r.withObject(progress, Instant.now()));
    }
}

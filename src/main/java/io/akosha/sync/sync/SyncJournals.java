package io.akosha.sync.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.spool.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two journals of the syncs in a spool directory. A session end is appended to {@code accepts.log}, every later
 * change of a sync to {@code journal.log}: each has its own group commit, so an accept waits for the fsync of other
 * accepts only, never behind the pipeline's changes (a burst of session ends while large files upload).
 * <ul>
 * <li>Replay: the latest version of each sync in {@code journal.log}; a sync found only in {@code accepts.log} (its
 * first change had not reached the disk) is taken from there.</li>
 * <li>Compaction (at start and when {@code journal.log} grew): every live sync is written to {@code journal.log}
 * first, then {@code accepts.log} is emptied; a crash between the two leaves accept records whose syncs
 * {@code journal.log} already holds, and {@code journal.log} wins.</li>
 * <li>A sync with a record in {@code accepts.log} is never dropped as an old delivered one, so a crash between the
 * two rewrites cannot bring it back from there as new; the next compaction drops it.</li>
 * </ul>
 * Callers hold off appends while they compact.
 */
final class SyncJournals implements AutoCloseable {

    private final Journal<SyncRecord> accepts;
    private final Journal<SyncRecord> changes;
    private final int keepDelivered;
    /** Syncs with a record in {@code accepts.log}: see the class comment. */
    private final Set<String> inAccepts = ConcurrentHashMap.newKeySet();

    SyncJournals(Path spoolDir, ObjectMapper mapper, int keepDelivered) {
        this.accepts = new Journal<>(spoolDir.resolve("accepts.log"), mapper, SyncRecord.class);
        this.changes = new Journal<>(spoolDir.resolve("journal.log"), mapper, SyncRecord.class);
        this.keepDelivered = keepDelivered;
    }

    /** Replays both journals, compacts them and opens them for appending; returns the live syncs. */
    Map<String, SyncRecord> open(Comparator<SyncRecord> newestFirst) throws IOException {
        Map<String, SyncRecord> latest = new LinkedHashMap<>();
        for (SyncRecord record : changes.replay()) {
            latest.put(record.syncId(), record);
        }
        for (SyncRecord accepted : accepts.replay()) {
            latest.putIfAbsent(accepted.syncId(), accepted);
            inAccepts.add(accepted.syncId());
        }
        compact(latest, newestFirst);
        return latest;
    }

    /** Records a new sync durably. */
    void accepted(SyncRecord sync) {
        inAccepts.add(sync.syncId());
        accepts.append(sync);
    }

    /** Records a change of a known sync; durably, or to become durable with the next durable change. */
    void changed(SyncRecord sync, boolean durable) {
        if (durable) {
            changes.append(sync);
        } else {
            changes.write(sync);
        }
    }

    /**
     * Drops from {@code latest} the delivered syncs beyond the newest {@code akosha.keep-delivered} (but none accepted
     * in {@code accepts.log}), then rewrites {@code journal.log} with what is left and empties
     * {@code accepts.log}.
     */
    void compact(Map<String, SyncRecord> latest, Comparator<SyncRecord> newestFirst) throws IOException {
        List<SyncRecord> delivered = latest.values().stream()
                .filter(r -> r.status() == SyncStatus.DELIVERED)
                .sorted(newestFirst)
                .toList();
        for (SyncRecord old : delivered.subList(Math.min(delivered.size(), keepDelivered), delivered.size())) {
            if (!inAccepts.contains(old.syncId())) {
                latest.remove(old.syncId());
            }
        }
        changes.compactAndOpen(latest.values());
        accepts.compactAndOpen(List.<SyncRecord>of());
        inAccepts.clear();
    }

    /** Whether both journals can record (after a failed write, each tries once more). */
    boolean probe() {
        return accepts.probe() & changes.probe();
    }

    /** Bytes in both journals, including records not yet fsynced: what decides when to compact. */
    long size() {
        return accepts.size() + changes.size();
    }

    @Override
    public void close() throws IOException {
        try {
            accepts.close();
        } finally {
            changes.close();
        }
    }
}

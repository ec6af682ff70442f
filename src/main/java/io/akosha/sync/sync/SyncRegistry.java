package io.akosha.sync.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.spool.SpoolConfig;
import io.akosha.sync.spool.SpoolLock;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The state of every known sync, backed by its journals ({@link SyncJournals}: session ends and later changes apart):
 * a change is visible only after it is durable. On start the journals are replayed and compacted to the latest
 * version of each sync, and again whenever they grew.
 */
@ApplicationScoped
public class SyncRegistry {

    private static final Logger LOG = Logger.getLogger(SyncRegistry.class);
    /** Newest first; syncs created at the same instant by id. */
    public static final Comparator<SyncRecord> NEWEST_FIRST =
            Comparator.comparing(SyncRecord::createdAt).reversed().thenComparing(SyncRecord::syncId);

    private final SpoolConfig config;
    private final ObjectMapper mapper;
    private final Map<String, SyncRecord> byId = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<SyncRecord>> bySession = new ConcurrentHashMap<>();
    private static final long COMPACT_MIN_BYTES = 8L * 1024 * 1024;
    /** Changes share the read side; compaction takes the write side, so it sees every change or none. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private SpoolLock spoolLock;
    private SyncJournals journal;
    private volatile long compactAt;
    /** Syncs in {@link #byId} with a pending status, kept with every change: admission asks on each session end. */
    private final AtomicLong pendingCount = new AtomicLong();

    private final Event<SyncTransition> transitions;

    public SyncRegistry(SpoolConfig config, ObjectMapper mapper, Event<SyncTransition> transitions) {
        this.config = config;
        this.mapper = mapper;
        this.transitions = transitions;
    }

    @PostConstruct
    void open() {
        try {
            spoolLock = SpoolLock.acquire(config.spoolDir()); // before the journal is read: it is this process's
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the spool " + config.spoolDir(), e);
        }
        journal = new SyncJournals(config.spoolDir(), mapper, config.keepDelivered());
        Map<String, SyncRecord> latest;
        try {
            latest = journal.open(NEWEST_FIRST);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open journal in " + config.spoolDir(), e);
        }
        compactAt = nextCompaction();
        for (SyncRecord record : latest.values()) {
            byId.put(record.syncId(), record);
            bySession.merge(record.sessionKey(), CompletableFuture.completedFuture(record),
                    (known, other) -> known.join().createdAt().isAfter(other.join().createdAt()) ? known : other);
        }
        long pending = latest.values().stream().filter(r -> r.status().pending()).count();
        pendingCount.set(pending);
        LOG.infof("Journal replayed: %d syncs known, %d pending", latest.size(), pending);
    }

    private long nextCompaction() {
        return Math.max(COMPACT_MIN_BYTES, 4 * journal.size());
    }

    /**
     * Rewrites the journals with the latest version of each sync once they have grown to four times their compacted
     * size (at least {@value #COMPACT_MIN_BYTES} bytes), so that it does not grow without bound between restarts.
     * Every writer is held off meanwhile.
     */
    private void compactIfGrown() {
        if (journal.size() < compactAt) {
            return;
        }
        lock.writeLock().lock();
        try {
            if (journal.size() < compactAt) {
                return;
            }
            long before = journal.size();
            Map<String, SyncRecord> latest = new LinkedHashMap<>(byId);
            journal.compact(latest, NEWEST_FIRST);
            byId.keySet().retainAll(latest.keySet());
            bySession.values().removeIf(f -> f.isDone() && !f.isCompletedExceptionally()
                    && !latest.containsKey(f.join().syncId()));
            compactAt = nextCompaction();
            LOG.infof("Journal compacted from %d to %d bytes (%d syncs)", before, journal.size(), latest.size());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot compact journal in " + config.spoolDir(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @PreDestroy
    void close() throws IOException {
        try {
            journal.close();
        } finally {
            spoolLock.close();
        }
    }

    /**
     * Whether the journal can record a session end now: false after a write failed (a full disk, an I/O error)
     * until a probe write succeeds again.
     */
    public boolean recording() {
        return journal.probe();
    }

    /**
     * Records {@code candidate} durably unless it repeats the latest sync of its session (same files, same state),
     * in which case that sync is returned. A session that ended before with other files or another state gets a new
     * sync that follows the latest one ({@link SyncRecord#following}). Concurrent ends of one session wait for the
     * first one's journal append, so that each compares with the latest.
     */
    public Accepted accept(SyncRecord candidate) {
        String key = candidate.sessionKey();
        CompletableFuture<SyncRecord> mine = new CompletableFuture<>();
        SyncRecord sync = candidate;
        CompletableFuture<SyncRecord> replaced;
        while ((replaced = bySession.putIfAbsent(key, mine)) != null) {
            SyncRecord prior;
            try {
                prior = latest(replaced.join());
            } catch (CompletionException e) {
                bySession.remove(key, replaced); // that end failed to reach the disk; this one tries again
                continue;
            }
            if (candidate.repeats(prior)) {
                return new Accepted(prior, false);
            }
            SyncRecord following = candidate.following(prior);
            if (bySession.replace(key, replaced, mine)) {
                sync = following;
                break;
            }
        }
        lock.readLock().lock();
        try {
            journal.accepted(sync);
            byId.put(sync.syncId(), sync);
            if (sync.status().pending()) {
                pendingCount.incrementAndGet();
            }
            mine.complete(sync);
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            if (replaced == null) {
                bySession.remove(key, mine);
            } else {
                bySession.replace(key, mine, replaced);
            }
            throw e;
        } finally {
            lock.readLock().unlock();
        }
        compactIfGrown();
        return new Accepted(sync, true);
    }

    /** The latest sync of a session, without waiting: empty also while an append for it is in flight. */
    public Optional<SyncRecord> findSettledBySession(String sessionKey) {
        CompletableFuture<SyncRecord> known = bySession.get(sessionKey);
        if (known == null || !known.isDone() || known.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.of(latest(known.join()));
    }

    private SyncRecord latest(SyncRecord accepted) {
        return byId.getOrDefault(accepted.syncId(), accepted);
    }

    public Optional<SyncRecord> get(String syncId) {
        return Optional.ofNullable(byId.get(syncId));
    }

    /** Applies {@code change} to a sync and makes the result durable before it becomes visible. */
    public SyncRecord update(String syncId, UnaryOperator<SyncRecord> change) {
        return change(syncId, change, true);
    }

    /**
     * Applies {@code change} to a sync without waiting for the disk; for progress a restart can redo
     * (the record is durable with the next durable change of any sync; a session end does not count).
     */
    public SyncRecord progress(String syncId, UnaryOperator<SyncRecord> change) {
        return change(syncId, change, false);
    }

    private SyncRecord change(String syncId, UnaryOperator<SyncRecord> change, boolean durable) {
        SyncRecord[] before = new SyncRecord[1];
        SyncRecord next;
        lock.readLock().lock();
        try {
            next = byId.computeIfPresent(syncId, (id, current) -> {
                before[0] = current;
                SyncRecord changed = change.apply(current);
                journal.changed(changed, durable);
                return changed;
            });
        } finally {
            lock.readLock().unlock();
        }
        if (next == null) {
            throw new IllegalArgumentException("unknown sync " + syncId);
        }
        if (before[0].status().pending() != next.status().pending()) {
            pendingCount.addAndGet(next.status().pending() ? 1 : -1);
        }
        if (before[0].status() != next.status()) {
            transitions.fire(new SyncTransition(before[0], next));
        }
        compactIfGrown();
        return next;
    }

    /** Syncs with the given status (all when null), newest first. */
    public List<SyncRecord> list(SyncStatus status) {
        List<SyncRecord> result = new ArrayList<>();
        for (SyncRecord record : byId.values()) {
            if (status == null || record.status() == status) {
                result.add(record);
            }
        }
        result.sort(NEWEST_FIRST);
        return result;
    }

    public long count(SyncStatus status) {
        return byId.values().stream().filter(r -> r.status() == status).count();
    }

    /** How many syncs the pipeline still owes work. */
    public long pendingCount() {
        return pendingCount.get();
    }

    /** Syncs the pipeline still owes work, oldest first. */
    public List<SyncRecord> pending() {
        List<SyncRecord> result = new ArrayList<>();
        for (SyncRecord record : byId.values()) {
            if (record.status().pending()) {
                result.add(record);
            }
        }
        result.sort(NEWEST_FIRST.reversed());
        return result;
    }

    /** Result of {@link #accept}: the sync and whether this call created it. */
    public record Accepted(SyncRecord record, boolean created) {
    }
}

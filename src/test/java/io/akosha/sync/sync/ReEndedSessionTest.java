package io.akosha.sync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's answer to a session that ends again: a repeat, or a new sync that follows the latest one. */
class ReEndedSessionTest {

    private static final Instant T = Instant.parse("2026-12-01T18:50:00.250Z");

    @TempDir
    Path spool;

    @Test
    void sameStateRepeatsChangedStateFollowsWithALaterUploadIdAndARestartKeepsTheLatest() throws Exception {
        SyncRegistry registry = TestRegistry.open(spool);
        SyncRegistry.Accepted first = registry.accept(end("a", "state-1", T));
        SyncRegistry.Accepted repeat = registry.accept(end("b", "state-1", T.plusMillis(10)));
        assertTrue(first.created());
        assertFalse(repeat.created());
        assertEquals("a", repeat.record().syncId());

        // within the same second: the upload id still differs (its time moves on by a second)
        SyncRegistry.Accepted second = registry.accept(end("c", "state-2", T.plusMillis(20)));
        SyncRegistry.Accepted third = registry.accept(end("d", "state-3", T.plusMillis(30)));
        assertEquals("a", second.record().sessionEnd().previousSyncId());
        assertEquals("c", third.record().sessionEnd().previousSyncId());
        assertEquals(3, new HashSet<>(List.of(first.record().uploadId(), second.record().uploadId(),
                third.record().uploadId())).size());
        assertEquals("20261201T185002Z_my.project-20261201-185000", third.record().uploadId());
        TestRegistry.close(registry);

        SyncRegistry reopened = TestRegistry.open(spool);
        assertEquals("d", reopened.findSettledBySession(third.record().sessionKey()).orElseThrow().syncId());
        assertEquals("d", reopened.accept(end("e", "state-3", T.plusSeconds(5))).record().syncId());
        TestRegistry.close(reopened);
    }

    @Test
    void concurrentEndsWithOneNewStateMakeOneNewSync() throws Exception {
        SyncRegistry registry = TestRegistry.open(spool);
        registry.accept(end("first", "old", T));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<String> created = new HashSet<>();
        Set<String> answered = new HashSet<>();
        List<Future<SyncRegistry.Accepted>> ends = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String id = "new-" + i;
            ends.add(pool.submit(() -> registry.accept(end(id, "new", T.plusSeconds(1)))));
        }
        for (Future<SyncRegistry.Accepted> f : ends) {
            SyncRegistry.Accepted accepted = f.get();
            answered.add(accepted.record().syncId());
            if (accepted.created()) {
                created.add(accepted.record().syncId());
            }
        }
        pool.shutdown();
        assertEquals(1, created.size(), created.toString());
        assertEquals(created, answered);
        assertNotEquals("first", created.iterator().next());
        TestRegistry.close(registry);
    }

    private static SyncRecord end(String syncId, String state, Instant at) {
        String session = "my.project-20261201-185000";
        return SyncRecord.accepted(syncId, session, "laptop", UploadIds.of(at, session), SyncMethod.AUTO, 0,
                List.of("reflection.duckdb"), at, new SessionEnd("exit", "/home/me/my.project", state, null));
    }
}

package io.akosha.sync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akosha.sync.support.TestRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session ends have a journal of their own ({@code accepts.log}); a sync's later changes go to {@code journal.log},
 * which wins on replay. Real journals in a temporary spool, reopened as after a crash.
 */
class AcceptJournalTest {

    @TempDir
    Path spool;

    @Test
    void aSessionEndWithoutAnyLaterChangeSurvivesARestart() throws Exception {
        SyncRegistry registry = TestRegistry.open(spool);
        registry.accept(TestRecords.queued("a"));
        assertTrue(Files.size(spool.resolve("accepts.log")) > 0, "the session end went to accepts.log");
        assertEquals(0, Files.size(spool.resolve("journal.log")), "and nothing to journal.log");
        TestRegistry.close(registry);

        SyncRegistry reopened = TestRegistry.open(spool);
        assertEquals(SyncStatus.QUEUED, reopened.get("a").orElseThrow().status());
        assertEquals(1, reopened.pendingCount());
        assertEquals(0, Files.size(spool.resolve("accepts.log")), "compacted into journal.log at start");
        TestRegistry.close(reopened);
        SyncRegistry again = TestRegistry.open(spool);
        assertEquals(SyncStatus.QUEUED, again.get("a").orElseThrow().status());
        TestRegistry.close(again);
    }

    @Test
    void aLaterChangeWinsOverTheSessionEnd() throws Exception {
        SyncRegistry registry = TestRegistry.open(spool);
        registry.accept(TestRecords.queued("a"));
        registry.update("a", r -> r.delivered("cloud", List.of(), "s3", "m.json", Instant.now()));
        TestRegistry.close(registry);

        SyncRegistry reopened = TestRegistry.open(spool);
        assertEquals(SyncStatus.DELIVERED, reopened.get("a").orElseThrow().status());
        assertEquals(0, reopened.pendingCount());
        TestRegistry.close(reopened);
    }

    /**
     * A crash after {@code journal.log} was rewritten but before {@code accepts.log} was emptied leaves the session
     * ends behind: a delivered sync dropped by that compaction would come back from them as new and be uploaded
     * again. A sync accepted since the last compaction is therefore kept by it.
     */
    @Test
    void aCrashBetweenTheTwoRewritesBringsNoDeliveredSyncBack() throws Exception {
        SyncRegistry registry = TestRegistry.open(spool, 1);
        for (String id : List.of("a", "b")) {
            registry.accept(TestRecords.queued(id));
            registry.update(id, r -> r.delivered("cloud", List.of(), "s3", "m.json", Instant.now()));
        }
        TestRegistry.close(registry);
        Path acceptsBefore = Files.copy(spool.resolve("accepts.log"), spool.resolve("accepts.before"));

        TestRegistry.close(TestRegistry.open(spool, 1)); // compacts both journals
        Files.move(acceptsBefore, spool.resolve("accepts.log"), StandardCopyOption.REPLACE_EXISTING); // the crash

        SyncRegistry reopened = TestRegistry.open(spool, 1);
        for (String id : List.of("a", "b")) {
            reopened.get(id).ifPresent(sync -> assertEquals(SyncStatus.DELIVERED, sync.status(), id));
        }
        assertEquals(0, reopened.pendingCount(), "nothing to upload again");
        TestRegistry.close(reopened);

        SyncRegistry later = TestRegistry.open(spool, 1);
        assertEquals(1, later.list(SyncStatus.DELIVERED).size(), "the older delivered sync leaves at the next start");
        TestRegistry.close(later);
    }
}

package io.akosha.sync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akosha.sync.support.TestRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal is compacted while the sidecar runs, and compactions racing writers lose no change. */
class SyncRegistryCompactionTest {

    private static final int SYNCS = 8;
    private static final int CHANGES = 600;

    @TempDir
    Path spool;

    @Test
    void journalStaysBoundedUnderChangesAndKeepsEveryLatestVersion() throws Exception {
        SyncRegistry registry = TestRegistry.open(spool);
        for (int i = 0; i < SYNCS; i++) {
            registry.accept(TestRecords.queued("s" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(SYNCS);
        List<Future<?>> writers = new ArrayList<>();
        for (int i = 0; i < SYNCS; i++) {
            String id = "s" + i;
            writers.add(pool.submit(() -> {
                List<FileResult> files = new ArrayList<>();
                for (int change = 1; change <= CHANGES; change++) {
                    files.add(FileResult.staged("file-" + change + ".duckdb", change));
                    List<FileResult> staged = List.copyOf(files);
                    registry.progress(id, r -> r.restaged(staged, List.of(), Instant.now()));
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        pool.shutdown();
        // uncompacted, 8 x 600 versions of records that grow to 600 files would be about 150 MB
        long size = Files.size(spool.resolve("journal.log"));
        assertTrue(size < 40L * 1024 * 1024, "journal compacted while running: " + size + " bytes");
        TestRegistry.close(registry);

        SyncRegistry reopened = TestRegistry.open(spool);
        for (int i = 0; i < SYNCS; i++) {
            assertEquals(CHANGES, reopened.get("s" + i).orElseThrow().files().size(),
                    "the latest version of s" + i + " survived the compactions");
        }
        TestRegistry.close(reopened);
    }
}

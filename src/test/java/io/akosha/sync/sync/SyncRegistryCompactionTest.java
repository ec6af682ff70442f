package io.akosha.sync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.spool.SpoolConfig;
import io.akosha.sync.support.TestRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
    private static final int PARTS = 600;

    @TempDir
    Path spool;

    @Test
    void journalStaysBoundedUnderProgressAndKeepsEveryLatestVersion() throws Exception {
        SyncRegistry registry = open();
        for (int i = 0; i < SYNCS; i++) {
            registry.accept(TestRecords.queued("s" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(SYNCS);
        List<Future<?>> writers = new ArrayList<>();
        for (int i = 0; i < SYNCS; i++) {
            String id = "s" + i;
            writers.add(pool.submit(() -> {
                for (int part = 1; part <= PARTS; part++) {
                    ObjectProgress.PartDone done = new ObjectProgress.PartDone(part, "etag-" + part, "crc",
                            (part - 1) * 1000L, part * 1000L, 1000);
                    registry.progress(id, r -> r.withObject((r.objects().isEmpty()
                            ? ObjectProgress.started("k-" + id, "gzip/6/1048576/8388608", "u-" + id)
                            : r.objects().get(0)).withPart(done), Instant.now()));
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        pool.shutdown();
        // uncompacted, 8 x 600 versions of records that grow to 600 parts would be about 250 MB
        long size = Files.size(spool.resolve("journal.log"));
        assertTrue(size < 40L * 1024 * 1024, "journal compacted while running: " + size + " bytes");
        registry.close();

        SyncRegistry reopened = open();
        for (int i = 0; i < SYNCS; i++) {
            assertEquals(PARTS, reopened.get("s" + i).orElseThrow().objects().get(0).parts().size(),
                    "every part of s" + i + " survived the compactions");
        }
        reopened.close();
    }

    private SyncRegistry open() {
        SpoolConfig config = new SpoolConfig() {
            @Override
            public Path spoolDir() {
                return spool;
            }

            @Override
            public int keepDelivered() {
                return 1000;
            }
        };
        SyncRegistry registry = new SyncRegistry(config, TestRecords.MAPPER, new SyncMetrics(new SimpleMeterRegistry()));
        registry.open();
        return registry;
    }
}

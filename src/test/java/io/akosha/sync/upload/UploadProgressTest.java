package io.akosha.sync.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akosha.sync.support.TestRecords;
import io.akosha.sync.sync.ObjectProgress;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress journal: a confirmed part appends one small line (not the whole sync), concurrent uploads lose no
 * part, a restart gets every part back, and a delivered sync's progress is forgotten.
 */
class UploadProgressTest {

    private static final int SYNCS = 8;
    private static final int PARTS = 600;

    @TempDir
    Path spool;

    @Test
    void everyConfirmedPartIsOneSmallLineAndSurvivesARestart() throws Exception {
        SyncRegistry registry = TestRegistry.open(spool);
        for (int i = 0; i < SYNCS; i++) {
            registry.accept(TestRecords.queued("s" + i));
        }
        UploadProgress progress = open(registry);
        ExecutorService pool = Executors.newFixedThreadPool(SYNCS);
        List<Future<?>> writers = new ArrayList<>();
        for (int i = 0; i < SYNCS; i++) {
            String id = "s" + i;
            writers.add(pool.submit(() -> {
                ProgressLog log = progress.of(id);
                log.started("k-" + id, "gzip/6/1048576/8388608", "u-" + id);
                for (int part = 1; part <= PARTS; part++) {
                    log.part("k-" + id, new ObjectProgress.PartDone(part, "etag-" + part, "crc",
                            (part - 1) * 1000L, part * 1000L, 1000));
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        pool.shutdown();
        long perPart = Files.size(spool.resolve("progress.log")) / (SYNCS * PARTS);
        assertTrue(perPart < 200, "a part costs " + perPart + " bytes of journal");
        progress.close();

        UploadProgress reopened = open(registry);
        for (int i = 0; i < SYNCS; i++) {
            assertEquals(PARTS, reopened.find("s" + i, "k-s" + i).orElseThrow().parts().size(),
                    "every part of s" + i + " survived the restart");
        }
        assertTrue(reopened.owns("u-s3"));
        reopened.forget("s3");
        assertEquals(List.of(), reopened.objects("s3"));
        assertFalse(reopened.owns("u-s3"), "a forgotten sync owns no multipart upload");
        reopened.close();
        assertEquals(List.of(), open(registry).objects("s3"), "forgotten for good");
        TestRegistry.close(registry);
    }

    private UploadProgress open(SyncRegistry registry) {
        UploadProgress progress = new UploadProgress(TestRegistry.spool(spool), TestRecords.MAPPER, registry);
        progress.open();
        return progress;
    }
}

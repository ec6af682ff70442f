package io.akosha.sync.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.spool.SpoolConfig;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SkippedFile;
import io.akosha.sync.sync.SyncMethod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotterTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path spoolDir;

    @TempDir
    Path outside;

    @TempDir
    Path project;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private Snapshotter snapshotter(int attempts) {
        SourceConfig source = new SourceConfig() {
            public Optional<String> systemId() {
                return Optional.empty();
            }

            public Path dataDir() {
                return dataDir;
            }

            public List<String> files() {
                return List.of();
            }

            public Optional<List<Path>> extraDirs() {
                return Optional.of(List.of(project.resolve(".session-buddy")));
            }

            public SyncMethod forceMethod() {
                return SyncMethod.AUTO;
            }
        };
        SpoolConfig spool = new SpoolConfig() {
            public Path spoolDir() {
                return spoolDir;
            }

            public int keepDelivered() {
                return 10;
            }
        };
        SnapshotConfig config = new SnapshotConfig() {
            public int maxAttempts() {
                return attempts;
            }

            public Duration initialBackoff() {
                return Duration.ofMillis(10);
            }

            public Duration maxBackoff() {
                return Duration.ofMillis(40);
            }

            public Duration busyRetryDelay() {
                return Duration.ofSeconds(1);
            }
        };
        return new Snapshotter(new SourceFiles(source), spool, config, new SyncMetrics(meters));
    }

    @Test
    void takesAFileOfAnExtraDirectoryUnderItsLabelledName() throws Exception {
        Path dir = Files.createDirectories(project.resolve(".session-buddy"));
        Files.write(dir.resolve("skills.db"), new byte[] {7, 8, 9});
        Files.write(dataDir.resolve("skills.db"), new byte[] {1});
        String stored = SourceFiles.label(dir) + SourceFiles.SEPARATOR + "skills.db";
        assertTrue(stored.startsWith(project.getFileName() + "-"), stored);

        Snapshot snapshot = snapshotter(3).take("sync-x", List.of(stored, "skills.db"));

        assertEquals(List.of(stored, "skills.db"), snapshot.files().stream().map(FileResult::name).toList());
        assertArrayEquals(new byte[] {7, 8, 9}, Files.readAllBytes(spoolDir.resolve("staging/sync-x/" + stored)));
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(spoolDir.resolve("staging/sync-x/skills.db")));
    }

    @Test
    void copiesDatabaseWithItsWal() throws Exception {
        Files.write(dataDir.resolve("a.duckdb"), new byte[] {1, 2, 3});
        Files.write(dataDir.resolve("a.duckdb.wal"), new byte[] {4, 5});
        Files.write(dataDir.resolve("b.duckdb"), new byte[] {6});
        Snapshotter snapshotter = snapshotter(3);
        List<FileResult> staged = snapshotter.take("sync-1", List.of("a.duckdb", "b.duckdb")).files();
        assertEquals(List.of("a.duckdb", "a.duckdb.wal", "b.duckdb"), staged.stream().map(FileResult::name).toList());
        Path staging = snapshotter.stagingDir("sync-1");
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(staging.resolve("a.duckdb.wal")));
        assertTrue(snapshotter.intact("sync-1", staged));

        Files.write(staging.resolve("b.duckdb"), new byte[] {6, 7});
        assertFalse(snapshotter.intact("sync-1", staged), "a changed staging copy is not reused");
        snapshotter.discard("sync-1");
        assertFalse(Files.exists(staging));
    }

    @Test
    void fileWrittenDuringEveryCopyIsReportedBusy() throws Exception {
        Path db = dataDir.resolve("busy.duckdb");
        Files.write(db, new byte[32 * 1024 * 1024]);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(db, StandardOpenOption.APPEND)) {
                while (running.get()) {
                    out.write(new byte[512]);
                    out.flush();
                }
            } catch (Exception ignored) {
                // test ends
            }
        });
        writer.start();
        try {
            assertThrows(SnapshotBusyException.class, () -> snapshotter(3).take("sync-busy", List.of("busy.duckdb")));
            assertEquals(3.0, meters.counter("akosha.sync.snapshot.retries").count(), "every torn copy counted");
        } finally {
            running.set(false);
            writer.join();
        }
    }

    @Test
    void fileSwappedForASymlinkOutOfTheDataDirectoryIsNotTakenAndTheOthersAre() throws Exception {
        Path secret = Files.writeString(outside.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.write(dataDir.resolve("b.duckdb"), new byte[] {6});
        Files.createSymbolicLink(dataDir.resolve("a.duckdb"), secret); // swapped in after the session end was accepted

        Snapshot snapshot = snapshotter(3).take("sync-link", List.of("a.duckdb", "b.duckdb"));

        assertEquals(List.of("b.duckdb"), snapshot.files().stream().map(FileResult::name).toList());
        assertEquals(List.of("a.duckdb"), snapshot.skipped().stream().map(SkippedFile::name).toList());
        assertTrue(snapshot.skipped().get(0).reason().contains("symlink leading out of its directory"),
                snapshot.skipped().toString());
        assertFalse(Files.exists(snapshotter(3).stagingDir("sync-link").resolve("a.duckdb")));
    }

    @Test
    void walSwappedForASymlinkRefusesItsDatabase() throws Exception {
        Path foreign = Files.write(outside.resolve("foreign.wal"), new byte[] {9, 9, 9});
        Files.write(dataDir.resolve("a.duckdb"), new byte[] {1, 2, 3});
        Files.createSymbolicLink(dataDir.resolve("a.duckdb.wal"), foreign);
        Files.write(dataDir.resolve("b.duckdb"), new byte[] {6});

        Snapshot snapshot = snapshotter(3).take("sync-wal", List.of("a.duckdb", "b.duckdb"));

        assertEquals(List.of("b.duckdb"), snapshot.files().stream().map(FileResult::name).toList());
        assertTrue(snapshot.skipped().get(0).reason().contains("not taken without its WAL"),
                snapshot.skipped().toString());
        Path staging = snapshotter(3).stagingDir("sync-wal");
        assertFalse(Files.exists(staging.resolve("a.duckdb")));
        assertFalse(Files.exists(staging.resolve("a.duckdb.wal")), "no foreign file staged as a WAL");
    }

    @Test
    void vanishedFileIsSkippedWithAReasonAndASymlinkWithinTheDirectoryIsFollowed() throws Exception {
        Files.write(dataDir.resolve("real.duckdb"), new byte[] {4, 2});
        Files.createSymbolicLink(dataDir.resolve("c.duckdb"), dataDir.resolve("real.duckdb"));

        Snapshot snapshot = snapshotter(3).take("sync-gone", List.of("gone.duckdb", "c.duckdb"));

        assertEquals(List.of("c.duckdb"), snapshot.files().stream().map(FileResult::name).toList());
        assertArrayEquals(new byte[] {4, 2},
                Files.readAllBytes(snapshotter(3).stagingDir("sync-gone").resolve("c.duckdb")));
        assertTrue(snapshot.skipped().get(0).reason().contains("vanished"), snapshot.skipped().toString());
    }

    @Test
    void nothingLeftToTakeIsRefused() throws Exception {
        Files.createSymbolicLink(dataDir.resolve("a.duckdb"), Files.writeString(outside.resolve("x"), "x"));
        SnapshotRefusedException refused = assertThrows(SnapshotRefusedException.class,
                () -> snapshotter(3).take("sync-none", List.of("a.duckdb", "gone.duckdb")));
        assertTrue(refused.getMessage().contains("'a.duckdb' is a symlink") && refused.getMessage().contains("vanished"),
                refused.getMessage());
    }
}

package io.akosha.sync.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.support.TestRecords;
import io.akosha.sync.sync.SyncRecord;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    static final ObjectMapper MAPPER = TestRecords.MAPPER;

    @TempDir
    Path dir;

    static SyncRecord record(String id) {
        return TestRecords.queued(id);
    }

    @Test
    void tornLastRecordIsSkippedAndEverythingBeforeSurvives() throws Exception {
        Path file = dir.resolve("journal.log");
        try (Journal<SyncRecord> journal = new Journal<>(file, MAPPER, SyncRecord.class)) {
            journal.compactAndOpen(List.of());
            for (int i = 0; i < 5; i++) {
                journal.append(record("s" + i));
            }
        }
        // power loss in the middle of the last record
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 40);
        }
        List<SyncRecord> replayed = new Journal<>(file, MAPPER, SyncRecord.class).replay();
        assertEquals(List.of("s0", "s1", "s2", "s3"), replayed.stream().map(SyncRecord::syncId).toList());
    }

    @Test
    void corruptRecordIsDetectedByItsChecksum() throws Exception {
        Path file = dir.resolve("journal.log");
        try (Journal<SyncRecord> journal = new Journal<>(file, MAPPER, SyncRecord.class)) {
            journal.compactAndOpen(List.of());
            journal.append(record("a"));
            journal.append(record("b"));
            journal.append(record("c"));
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).replace("session-b", "session-X")); // a flipped byte, same length
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertEquals(List.of("a", "c"), new Journal<>(file, MAPPER, SyncRecord.class).replay().stream().map(SyncRecord::syncId).toList());
    }

    @Test
    void concurrentAppendsAreAllDurableAndCompactionKeepsTheLatest() throws Exception {
        Path file = dir.resolve("journal.log");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Journal<SyncRecord> journal = new Journal<>(file, MAPPER, SyncRecord.class)) {
            journal.compactAndOpen(List.of());
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String id = "c" + i;
                futures.add(pool.submit(() -> journal.append(record(id))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<SyncRecord> replayed = new Journal<>(file, MAPPER, SyncRecord.class).replay();
        assertEquals(400, new HashSet<>(replayed.stream().map(SyncRecord::syncId).toList()).size());

        try (Journal<SyncRecord> journal = new Journal<>(file, MAPPER, SyncRecord.class)) {
            journal.compactAndOpen(replayed.subList(0, 10));
        }
        assertEquals(10, new Journal<>(file, MAPPER, SyncRecord.class).replay().size());
    }
}

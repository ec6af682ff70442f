package io.akosha.sync.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.akosha.sync.sync.SyncMethod;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncStatus;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    static final ObjectMapper MAPPER = JsonMapper.builder().findAndAddModules()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @TempDir
    Path dir;

    static SyncRecord record(String id) {
        Instant now = Instant.parse("2026-11-21T10:15:00Z");
        return new SyncRecord(id, "session-" + id, "sys", "20261121T101500Z_session-" + id, SyncMethod.AUTO, null,
                SyncStatus.QUEUED, 0, 0, List.of("reflection.duckdb"), List.of(), null, null, now, now, null, null,
                List.of());
    }

    @Test
    void tornLastRecordIsSkippedAndEverythingBeforeSurvives() throws Exception {
        Path file = dir.resolve("journal.log");
        try (Journal journal = new Journal(file, MAPPER)) {
            journal.compactAndOpen(List.of());
            for (int i = 0; i < 5; i++) {
                journal.append(record("s" + i));
            }
        }
        // power loss in the middle of the last record
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 40);
        }
        List<SyncRecord> replayed = new Journal(file, MAPPER).replay();
        assertEquals(List.of("s0", "s1", "s2", "s3"), replayed.stream().map(SyncRecord::syncId).toList());
    }

    @Test
    void corruptRecordIsDetectedByItsChecksum() throws Exception {
        Path file = dir.resolve("journal.log");
        try (Journal journal = new Journal(file, MAPPER)) {
            journal.compactAndOpen(List.of());
            journal.append(record("a"));
            journal.append(record("b"));
            journal.append(record("c"));
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).replace("session-b", "session-X")); // a flipped byte, same length
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertEquals(List.of("a", "c"), new Journal(file, MAPPER).replay().stream().map(SyncRecord::syncId).toList());
    }

    @Test
    void concurrentAppendsAreAllDurableAndCompactionKeepsTheLatest() throws Exception {
        Path file = dir.resolve("journal.log");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Journal journal = new Journal(file, MAPPER)) {
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
        List<SyncRecord> replayed = new Journal(file, MAPPER).replay();
        assertEquals(400, new HashSet<>(replayed.stream().map(SyncRecord::syncId).toList()).size());

        try (Journal journal = new Journal(file, MAPPER)) {
            journal.compactAndOpen(replayed.subList(0, 10));
        }
        assertEquals(10, new Journal(file, MAPPER).replay().size());
    }
}

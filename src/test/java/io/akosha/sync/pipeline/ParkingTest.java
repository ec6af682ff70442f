package io.akosha.sync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.akosha.sync.support.TestRecords;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.SyncStatus;
import io.akosha.sync.sync.TestRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-drive delays double per attempt, and the due time is journaled: a restart neither drops nor restarts it. */
class ParkingTest {

    private static final ParkConfig CONFIG = new ParkConfig() {
        public Duration initialDelay() {
            return Duration.ofMinutes(1);
        }

        public Duration maxDelay() {
            return Duration.ofMinutes(30);
        }
    };

    @TempDir
    Path spool;
    private final List<String> sent = new CopyOnWriteArrayList<>();

    @Test
    void redriveDelayDoublesPerAttemptUpToTheMaximum() {
        Parking parking = new Parking(null, null, CONFIG);
        assertEquals(Duration.ofMinutes(1), parking.delay(0));
        assertEquals(Duration.ofMinutes(1), parking.delay(1));
        assertEquals(Duration.ofMinutes(2), parking.delay(2));
        assertEquals(Duration.ofMinutes(16), parking.delay(5));
        assertEquals(Duration.ofMinutes(30), parking.delay(6));
        assertEquals(Duration.ofMinutes(30), parking.delay(500));
    }

    @Test
    void theJournaledDueTimeSurvivesARestartAndTheSyncIsRedrivenThen() throws Exception {
        SyncRegistry registry = TestRegistry.open(spool);
        registry.accept(TestRecords.queued("p1"));
        registry.update("p1", r -> r.startAttempt(Instant.now()));
        new Parking(registry, queue(), CONFIG).park("p1", "both paths failed");
        Instant due = registry.get("p1").orElseThrow().retryAt();
        TestRegistry.close(registry);

        SyncRegistry restarted = TestRegistry.open(spool);
        SyncRecord parked = restarted.get("p1").orElseThrow();
        assertEquals(SyncStatus.PARKED, parked.status());
        assertEquals(due, parked.retryAt(), "the due time is in the journal");
        Parking parking = new Parking(restarted, queue(), CONFIG);
        assertEquals(0, parking.redriveDue(due.minusSeconds(1)), "not before it is due");
        assertEquals(List.of(), sent);
        assertEquals(1, parking.redriveDue(due));
        assertEquals(List.of("p1"), sent);
        assertEquals(SyncStatus.QUEUED, restarted.get("p1").orElseThrow().status());
        TestRegistry.close(restarted);
    }

    /** The channel's emitter, recording what is sent. */
    private SyncQueue queue() {
        return new SyncQueue(new Emitter<>() {
            @Override
            public CompletionStage<Void> send(String syncId) {
                sent.add(syncId);
                return null;
            }

            @Override
            public <M extends Message<? extends String>> void send(M msg) {
                sent.add(msg.getPayload());
            }

            @Override
            public void complete() {
            }

            @Override
            public void error(Exception e) {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public boolean hasRequests() {
                return true;
            }
        }, null);
    }
}

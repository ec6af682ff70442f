package io.akosha.sync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ParkingTest {

    private final Parking parking = new Parking(null, null, new ParkConfig() {
        public Duration initialDelay() {
            return Duration.ofMinutes(1);
        }

        public Duration maxDelay() {
            return Duration.ofMinutes(30);
        }
    }, null);

    @Test
    void redriveDelayDoublesPerAttemptUpToTheMaximum() {
        assertEquals(Duration.ofMinutes(1), parking.delay(0));
        assertEquals(Duration.ofMinutes(1), parking.delay(1));
        assertEquals(Duration.ofMinutes(2), parking.delay(2));
        assertEquals(Duration.ofMinutes(16), parking.delay(5));
        assertEquals(Duration.ofMinutes(30), parking.delay(6));
        assertEquals(Duration.ofMinutes(30), parking.delay(500));
    }
}

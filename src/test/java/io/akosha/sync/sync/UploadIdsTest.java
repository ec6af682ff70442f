package io.akosha.sync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UploadIdsTest {

    private static final Instant T = Instant.parse("2026-12-01T18:50:00.999Z");

    @Test
    void shortIdsAreTimeAndSessionLongOnesAreCutAndHashedWithinAkoshasRule() {
        assertEquals("20261201T185000Z_my.project-20261201-185000", UploadIds.of(T, "my.project-20261201-185000"));
        String a = "p.".repeat(60) + "a";
        String b = "p.".repeat(60) + "b";
        String idA = UploadIds.of(T, a);
        assertEquals(100, idA.length());
        assertTrue(idA.matches("^[A-Za-z0-9_.-]{1,100}$") && !idA.contains(".."), idA);
        assertEquals(idA, UploadIds.of(T, a), "the same session gives the same id");
        assertNotEquals(idA, UploadIds.of(T, b), "sessions that differ only past the cut differ");
        assertTrue(idA.startsWith("20261201T185000Z_p.p."), idA);
        assertFalse(UploadIds.of(T, "x".repeat(128)).contains(".."));
    }

    @Test
    void aLaterSyncOfTheSameSessionIsLaterThanThePreviousUploadId() {
        String previous = UploadIds.of(T, "s");
        assertEquals("20261201T185001Z_s", UploadIds.after(T.plusMillis(1), "s", previous));
        assertEquals("20261201T185007Z_s", UploadIds.after(T.plusSeconds(7), "s", previous));
        assertEquals("20261201T185001Z_s", UploadIds.after(T.minusSeconds(30), "s", previous), "a clock step back");
        assertEquals("20261201T185100Z_s", UploadIds.after(T.plusSeconds(60), "s", "not-a-time"));
    }
}

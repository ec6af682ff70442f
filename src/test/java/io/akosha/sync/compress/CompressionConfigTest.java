package io.akosha.sync.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The default pipeline size: threads + 2, within an eighth of the heap, never below 2. */
class CompressionConfigTest {

    static final int MIB = 1 << 20;

    @Test
    void aLargeHeapGetsTwoSlotsMoreThanThreads() {
        assertEquals(4, CompressionConfig.defaultBuffers(2, MIB, 4096L * MIB));
        assertEquals(6, CompressionConfig.defaultBuffers(4, MIB, 4096L * MIB));
    }

    @Test
    void aSmallHeapBoundsTheSlotsWhateverTheCoreCount() {
        assertEquals(2, CompressionConfig.defaultBuffers(4, MIB, 64L * MIB));
        assertEquals(4, CompressionConfig.defaultBuffers(4, MIB, 128L * MIB));
        assertEquals(2, CompressionConfig.defaultBuffers(4, 8 * MIB, 64L * MIB));
        assertEquals(2, CompressionConfig.defaultBuffers(4, MIB, 8L * MIB));
    }
}

package io.akosha.sync.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The default parts in flight: 2, or 1 where three part buffers would take over a quarter of the heap. */
class UploadConfigTest {

    static final int MIB = 1 << 20;

    @Test
    void partBuffersHoldAPartAndOneMoreMember() {
        assertEquals(9 * MIB, UploadConfig.partBufferSize(8 * MIB));
    }

    @Test
    void aSmallHeapSendsOnePartAtATime() {
        int buffer = UploadConfig.partBufferSize(8 * MIB);
        assertEquals(1, UploadConfig.defaultParallelParts(buffer, 64L * MIB));
        assertEquals(2, UploadConfig.defaultParallelParts(buffer, 128L * MIB));
        assertEquals(2, UploadConfig.defaultParallelParts(buffer, 4096L * MIB));
        assertEquals(1, UploadConfig.defaultParallelParts(UploadConfig.partBufferSize(64 * MIB), 64L * MIB));
    }
}

package io.akosha.sync.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.memory.Memory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Where batches are cut: by count (sent and skipped rows alike), by the request's bytes. */
class MemoryBatchTest {

    private static Memory memory(long rowid, int textBytes) {
        String json = "{\"memory_id\":\"m" + rowid + "\",\"text\":\"" + "x".repeat(textBytes) + "\"}";
        return Memory.of(rowid, "m" + rowid, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cutByCountWhateverTheRowsAre() {
        MemoryBatch batch = new MemoryBatch("t", 3, 1 << 20);
        batch.add(memory(0, 10));
        batch.add(Memory.skipped(1, "m1", "empty text"));
        batch.add(memory(2, 10));
        assertFalse(batch.fits(Memory.skipped(3, "m3", "empty text")), "a skipped row counts too");
        assertEquals(2, batch.ids().size());
        assertEquals(1, batch.skipped().size());
        assertEquals(2, batch.lastRowid());
    }

    @Test
    void cutByBytesOfTheWholeRequest() throws Exception {
        MemoryBatch batch = new MemoryBatch("t", 1000, 1000);
        batch.add(memory(0, 400));
        assertTrue(batch.fits(memory(1, 300)));
        assertFalse(batch.fits(memory(1, 500)), "over 1000 bytes with the envelope");
        assertFalse(MemoryBatch.sendable(memory(9, 900).json().length, 1000), "too large even alone");
        assertEquals(1, new ObjectMapper().readTree(batch.arguments()).get("memories").size(), "one JSON object");
    }

    @Test
    void onlySkippedRowsSendNothing() {
        MemoryBatch batch = new MemoryBatch("t", 10, 1 << 20);
        batch.add(Memory.skipped(5, null, "no id"));
        assertTrue(batch.nothingToSend());
        assertTrue(batch.hasRows());
    }
}

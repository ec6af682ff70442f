package io.akosha.sync.mcp;

import io.akosha.sync.memory.Memory;
import io.akosha.sync.sync.MemoryCounts;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one call: the memories to send (the whole request under {@code maxBytes}) and the rows skipped among
 * them, which are confirmed with it, at most {@code maxCount} rows in all; {@link #lastRowid} is where the next one
 * starts.
 */
final class MemoryBatch {

    /** The JSON-RPC envelope around the memories ({@code {"jsonrpc":"2.0","id":..,"method":"tools/call",...}}). */
    static final int ENVELOPE = 160;

    private final String table;
    private final int maxCount;
    private final long maxBytes;
    private final ByteArrayOutputStream arguments = new ByteArrayOutputStream();
    private final List<String> ids = new ArrayList<>();
    private final List<MemoryCounts.Refusal> skipped = new ArrayList<>();
    private long lastRowid = -1;

    MemoryBatch(String table, int maxCount, long maxBytes) {
        this.table = table;
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        arguments.writeBytes("{\"memories\":[".getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a memory of {@code bytes} could be sent at all, even alone. */
    static boolean sendable(long bytes, long maxBytes) {
        return ENVELOPE + bytes <= maxBytes;
    }

    /** At most {@code maxCount} rows, sent or skipped (a table of rows all skipped is confirmed in steps too). */
    boolean fits(Memory memory) {
        return ids.size() + skipped.size() < maxCount && (memory.isSkipped()
                || ENVELOPE + arguments.size() + 1 + memory.json().length <= maxBytes);
    }

    void add(Memory memory) {
        lastRowid = memory.rowid();
        if (memory.isSkipped()) {
            skipped.add(new MemoryCounts.Refusal(memory.memoryId(), table, "skipped", memory.skipReason()));
            return;
        }
        if (!ids.isEmpty()) {
            arguments.write(',');
        }
        arguments.writeBytes(memory.json());
        ids.add(memory.memoryId());
    }

    /** {@code {"memories":[...]}} */
    byte[] arguments() {
        ByteArrayOutputStream whole = new ByteArrayOutputStream(arguments.size() + 2);
        whole.writeBytes(arguments.toByteArray());
        whole.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return whole.toByteArray();
    }

    String table() {
        return table;
    }

    List<String> ids() {
        return ids;
    }

    List<MemoryCounts.Refusal> skipped() {
        return skipped;
    }

    long lastRowid() {
        return lastRowid;
    }

    /** Nothing to send (only skipped rows, or none). */
    boolean nothingToSend() {
        return ids.isEmpty();
    }

    boolean hasRows() {
        return lastRowid >= 0;
    }
}

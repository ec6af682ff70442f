package io.akosha.sync.memory;

/**
 * One row of a memory table, ready to send: its {@code rowid} (the position a push resumes after), its id, and
 * either the memory's JSON ({@code memory_id}, {@code text}, {@code embedding}, {@code metadata}) or why it is not
 * sent (a row Akosha would refuse).
 */
public record Memory(long rowid, String memoryId, byte[] json, String skipReason) {

    public static Memory of(long rowid, String memoryId, byte[] json) {
        return new Memory(rowid, memoryId, json, null);
    }

    public static Memory skipped(long rowid, String memoryId, String reason) {
        return new Memory(rowid, memoryId, null, reason);
    }

    public boolean isSkipped() {
        return skipReason != null;
    }
}

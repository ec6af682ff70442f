package io.akosha.sync.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;

/**
 * What the MCP fallback pushed of a sync's memories (rows of the staged databases): stored by Akosha, already there
 * (sent before, e.g. by a batch sent again after a crash), refused by Akosha, skipped before sending (a row Akosha
 * would refuse: no text, no embedding of the expected size); the first {@value #KEPT} refusals and skips with their
 * reasons, and notes (a database or table that was not there).
 */
@RegisterForReflection
public record MemoryCounts(long pushed, long alreadyStored, long refused, long skipped, List<Refusal> refusals,
        List<String> notes) {

    /** Refusals and skips kept with their reason; the counts go on. */
    public static final int KEPT = 20;

    public static final MemoryCounts NONE = new MemoryCounts(0, 0, 0, 0, List.of(), List.of());

    /** A memory not stored: by Akosha ({@code refused}) or by the sidecar ({@code skipped}). */
    @RegisterForReflection
    public record Refusal(String memoryId, String table, String outcome, String reason) {
    }

    public MemoryCounts {
        refusals = refusals == null ? List.of() : List.copyOf(refusals);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** These counts plus those of one confirmed batch. */
    public MemoryCounts plus(long morePushed, long moreAlreadyStored, List<Refusal> moreRefusals) {
        List<Refusal> kept = new ArrayList<>(refusals);
        long refusedNow = 0;
        long skippedNow = 0;
        for (Refusal r : moreRefusals) {
            if ("skipped".equals(r.outcome())) {
                skippedNow++;
            } else {
                refusedNow++;
            }
            if (kept.size() < KEPT) {
                kept.add(r);
            }
        }
        return new MemoryCounts(pushed + morePushed, alreadyStored + moreAlreadyStored, refused + refusedNow,
                skipped + skippedNow, kept, notes);
    }

    public MemoryCounts noted(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new MemoryCounts(pushed, alreadyStored, refused, skipped, refusals, more);
    }
}

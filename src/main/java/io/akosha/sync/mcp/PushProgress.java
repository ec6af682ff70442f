package io.akosha.sync.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.spool.AtomicFile;
import io.akosha.sync.sync.MemoryCounts;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The push journal of one sync: for each table, the {@code rowid} of the last row Akosha confirmed, and the counts so
 * far; written (atomically, fsynced) after every confirmed batch, so a retry, a re-drive or a restart after kill -9
 * continues with the first unconfirmed batch. It belongs to one staged snapshot: a new snapshot starts it over.
 */
final class PushProgress {

    private static final Logger LOG = Logger.getLogger(PushProgress.class);

    @RegisterForReflection
    record State(String snapshot, Map<String, Long> after, MemoryCounts counts) {
    }

    private final Path file;
    private final ObjectMapper mapper;
    private final String snapshot;
    private final Map<String, Long> after;
    private MemoryCounts counts;

    private PushProgress(Path file, ObjectMapper mapper, String snapshot, Map<String, Long> after,
            MemoryCounts counts) {
        this.file = file;
        this.mapper = mapper;
        this.snapshot = snapshot;
        this.after = new HashMap<>(after);
        this.counts = counts;
    }

    /** The journal at {@code file} if it belongs to {@code snapshot}, else a new one. */
    static PushProgress load(Path file, ObjectMapper mapper, String snapshot) {
        if (Files.isRegularFile(file)) {
            try {
                State state = mapper.readValue(file.toFile(), State.class);
                if (snapshot.equals(state.snapshot()) && state.counts() != null) {
                    return new PushProgress(file, mapper, snapshot, state.after() == null ? Map.of() : state.after(),
                            state.counts());
                }
            } catch (IOException e) {
                LOG.warnf("The push journal %s is unreadable (%s); pushing from the first row", file,
                        e.getMessage());
            }
        }
        return new PushProgress(file, mapper, snapshot, Map.of(), MemoryCounts.NONE);
    }

    /** The last confirmed rowid of {@code table}, {@code -1} before the first. */
    long after(String table) {
        return after.getOrDefault(table, -1L);
    }

    MemoryCounts counts() {
        return counts;
    }

    boolean resumed() {
        return !after.isEmpty();
    }

    void confirmed(MemoryBatch batch, BatchResult result) throws IOException {
        List<MemoryCounts.Refusal> notStored = new ArrayList<>(batch.skipped());
        notStored.addAll(result.refused());
        counts = counts.plus(result.stored(), result.alreadyStored(), notStored);
        after.put(batch.table(), batch.lastRowid());
        save();
    }

    void note(String note) throws IOException {
        if (!counts.notes().contains(note)) {
            counts = counts.noted(note);
            save();
        }
    }

    private void save() throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(new State(snapshot, after, counts));
        AtomicFile.write(file, channel -> AtomicFile.writeFully(channel, bytes, bytes.length));
    }
}

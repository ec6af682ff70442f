package io.akosha.sync.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akosha.sync.store.MultipartUpload;
import io.akosha.sync.store.ObjectStore;
import io.akosha.sync.store.PartBody;
import io.akosha.sync.store.StoredPart;
import io.akosha.sync.support.ChunkWriter;
import io.akosha.sync.support.MemoryProgressLog;
import io.akosha.sync.upload.Destination;
import io.akosha.sync.upload.ObjectSink;
import io.akosha.sync.upload.Resumable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local directory resumes like the bucket: the same pipeline over {@link LocalStore}, on a real file system. A
 * cut-off upload continues after its confirmed parts, a part the store kept but the journal missed is recognised by
 * its MD5 and not written again, a forgotten upload starts over, orphans are swept, and nothing half-written is
 * ever listed or visible.
 */
class LocalResumeTest {

    private static final int PART = 64 * 1024;
    private static final int CHUNK = 16 * 1024;
    private static final String KEY = "systems/me/20261201T000000Z_s/reflection.duckdb.gz";
    private static final ExecutorService SENDERS = Executors.newCachedThreadPool();

    @TempDir
    Path root;
    private CountingStore store;
    private Destination destination;
    private final MemoryProgressLog log = new MemoryProgressLog();

    @BeforeEach
    void fresh() {
        store = new CountingStore(new LocalStore(root));
        destination = new Destination(store, PART, 2, SENDERS);
    }

    @AfterAll
    static void stop() {
        SENDERS.shutdownNow();
    }

    @Test
    void partTheStoreKeptButTheJournalMissedIsNotWrittenAgain() throws Exception {
        byte[] data = data(10 * PART + 123);
        // one part at a time, so parts 1 and 2 are the two journaled ones (in parallel, 2 and 3 may be, and then
        // nothing is contiguous to resume after)
        destination = new Destination(store, PART, 1, SENDERS);
        log.dieAtPart = 3;
        assertThrows(IOException.class, () -> send(data, open(data)));
        log.dieAtPart = -1;
        assertEquals(List.of(), destination.list("systems/"), "nothing visible before the upload completes");

        ObjectSink resumed = open(data);
        assertTrue(resumed.resumeOffset() > 0, "resumes after the confirmed parts");
        send(data, resumed);

        assertArrayEquals(data, read(KEY));
        store.sends.forEach((part, times) -> assertEquals(1, times, "part " + part + " written " + times + " times"));
        assertEquals(List.of(KEY), destination.list("systems/"));
        assertEquals(List.of(), store.listMultiparts(""), "the upload's parts are gone once it completed");
    }

    @Test
    void uploadTheStoreForgotStartsOver() throws Exception {
        byte[] data = data(6 * PART);
        log.dieAtPart = 2;
        assertThrows(IOException.class, () -> send(data, open(data)));
        log.dieAtPart = -1;
        MultipartUpload left = store.listMultiparts("systems/").get(0);
        store.abort(left.key(), left.uploadId());

        ObjectSink again = open(data);
        assertEquals(0, again.resumeOffset());
        send(data, again);
        assertArrayEquals(data, read(KEY));
    }

    @Test
    void orphansAreSweptAndSmallObjectsGoUpWhole() throws Exception {
        String orphan = store.createMultipart("systems/me/u1/a.duckdb.gz", "application/gzip");
        store.createMultipart("systems/them/u2/a.duckdb.gz", "application/gzip");
        assertEquals(1, destination.abortOrphans("systems/me/", id -> false, Instant.now().plusSeconds(1)));
        assertTrue(store.listMultiparts("").stream().noneMatch(u -> u.uploadId().equals(orphan)));
        assertEquals(1, store.listMultiparts("").size(), "another prefix keeps its upload");

        destination.put("systems/me/u1/manifest.json", "{}".getBytes(), "application/json");
        assertEquals(OptionalLong.of(2), store.head("systems/me/u1/manifest.json"));
        assertEquals(List.of("systems/me/u1/manifest.json"), destination.list("systems/me/"));
        try (var hidden = Files.list(root)) {
            assertTrue(hidden.anyMatch(p -> p.getFileName().toString().equals(".multipart")));
        }
    }

    @Test
    void keysThatLeaveTheDirectoryAreRefused() {
        assertThrows(IOException.class, () -> destination.put("../outside", new byte[1], "text/plain"));
        assertThrows(IOException.class, () -> destination.put("systems/.hidden", new byte[1], "text/plain"));
    }

    private ObjectSink open(byte[] data) throws IOException {
        return destination.open(KEY, "application/gzip", new Resumable("none/0/16384/65536", data.length, log));
    }

    private static void send(byte[] data, ObjectSink sink) throws IOException {
        ChunkWriter.send(data, CHUNK, sink);
    }

    private byte[] read(String key) throws IOException {
        try (InputStream in = destination.read(key)) {
            return in.readAllBytes();
        }
    }

    private static byte[] data(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    /** The real local store, counting the parts written to it. */
    private static final class CountingStore implements ObjectStore {
        private final LocalStore store;
        final Map<Integer, Integer> sends = new ConcurrentHashMap<>();

        CountingStore(LocalStore store) {
            this.store = store;
        }

        @Override
        public String name() {
            return store.name();
        }

        @Override
        public void probe() throws IOException {
            store.probe();
        }

        @Override
        public void put(String key, PartBody body, String contentType) throws IOException {
            store.put(key, body, contentType);
        }

        @Override
        public String createMultipart(String key, String contentType) throws IOException {
            return store.createMultipart(key, contentType);
        }

        @Override
        public String uploadPart(String key, String uploadId, int number, PartBody body) throws IOException {
            sends.merge(number, 1, Integer::sum);
            return store.uploadPart(key, uploadId, number, body);
        }

        @Override
        public Optional<Map<Integer, StoredPart>> listParts(String key, String uploadId) throws IOException {
            return store.listParts(key, uploadId);
        }

        @Override
        public void complete(String key, String uploadId, List<StoredPart> parts) throws IOException {
            store.complete(key, uploadId, parts);
        }

        @Override
        public void abort(String key, String uploadId) throws IOException {
            store.abort(key, uploadId);
        }

        @Override
        public List<MultipartUpload> listMultiparts(String prefix) throws IOException {
            return store.listMultiparts(prefix);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return store.list(prefix);
        }

        @Override
        public void copy(String source, String target) throws IOException {
            store.copy(source, target);
        }

        @Override
        public InputStream read(String key) throws IOException {
            return store.read(key);
        }

        @Override
        public OptionalLong head(String key) throws IOException {
            return store.head(key);
        }
    }
}

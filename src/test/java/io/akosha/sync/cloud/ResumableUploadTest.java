package io.akosha.sync.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akosha.sync.support.FaultProxy;
import io.akosha.sync.support.ChunkWriter;
import io.akosha.sync.support.MemoryProgressLog;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.upload.Destination;
import io.akosha.sync.upload.ObjectSink;
import io.akosha.sync.upload.Resumable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Resumable multipart uploads against a real S3 server (S3Proxy) behind a real-socket fault proxy: an upload cut
 * off after some parts continues from the first missing part without sending a confirmed part again; parts the
 * store got but whose answer was lost are recognised by their checksum; an upload the store forgot starts over;
 * an upload completed just before a crash is recognised; orphans are swept under the sidecar's prefix only.
 */
class ResumableUploadTest {

    private static final String BUCKET = "resume-test";
    private static final int PART = 5 * 1024 * 1024;
    private static final int CHUNK = 1024 * 1024;
    private static final Pattern PART_NUMBER = Pattern.compile("partNumber=(\\d+)");

    private static S3ProxyServer server;
    private static FaultProxy proxy;
    private static S3Client direct;
    private static S3Client viaProxy;
    private static final ExecutorService SENDERS = Executors.newCachedThreadPool();
    private final MemoryProgressLog log = new MemoryProgressLog();
    private Destination destination;
    private String key;

    @BeforeAll
    static void startStore() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "test-work", "resume-" + UUID.randomUUID()));
        server = S3ProxyServer.start(work.resolve("s3proxy"), "512m");
        proxy = new FaultProxy(server.port(), work.resolve("requests.log"));
        direct = S3ProxyServer.client(server.endpoint());
        direct.createBucket(b -> b.bucket(BUCKET));
        viaProxy = S3ProxyServer.clientWithoutRetries("http://127.0.0.1:" + proxy.port());
    }

    @AfterAll
    static void stopStore() {
        SENDERS.shutdownNow();
        viaProxy.close();
        direct.close();
        proxy.close();
        server.close();
    }

    @BeforeEach
    void fresh() throws IOException {
        proxy.restore();
        // one part at a time, so that each case cuts at a known part; concurrent parts are driven by CrashRecoveryIT
        destination = overProxy(1);
        key = "systems/me/" + UUID.randomUUID() + "/reflection.duckdb.gz";
    }

    @Test
    void cutOffUploadResumesFromTheFirstMissingPartWithoutResendingConfirmedParts() throws Exception {
        byte[] data = data(40);
        int before = proxy.forwarded().size();
        proxy.dieAfter("partNumber=", 3); // the connection drops after the third part's body went through
        assertThrows(IOException.class, () -> send(data, open(data)));
        proxy.restore();
        assertEquals(2, log.find(key).orElseThrow().parts().size(), "two parts confirmed before the cut");

        ObjectSink resumed = open(data);
        assertEquals(2L * PART, resumed.resumeOffset(), "input resumes after the confirmed parts");
        send(data, resumed);

        assertArrayEquals(data, direct.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
        Map<Integer, Long> sends = partSends(proxy.forwarded().subList(before, proxy.forwarded().size()));
        assertEquals(9, sends.size(), "parts " + sends);
        // part 3 may have been cut before the store kept it; then, and only then, it is sent again
        sends.forEach((part, times) -> assertEquals(part == 3 ? times : 1L, times, "part " + part + ": " + sends));
        assertNoMultipartUploads();
    }

    /**
     * The stop may interrupt the worker while parts are on the wire (the native executable does so before the
     * application's stop observer runs): closing the sink still waits for them, so their confirmations reach the
     * journal and the next start does not send them again; the interrupt is kept for the caller.
     */
    @Test
    void interruptedCloseStillWaitsForThePartsOnTheWire() throws Exception {
        Destination twoAtOnce = overProxy(2);
        byte[] data = data(12);
        proxy.throttle(4L * 1024 * 1024); // the two parts take about 2.5 s together
        ObjectSink sink = twoAtOnce.open(key, "application/gzip", new Resumable("none/0/1048576", data.length, log));
        for (int offset = 0; offset < 2 * PART; offset += CHUNK) {
            sink.write(data, offset, CHUNK, offset + CHUNK); // hands parts 1 and 2 to the senders
        }
        Thread.currentThread().interrupt();
        sink.close();
        assertTrue(Thread.interrupted(), "the interrupt is restored");
        assertEquals(2, log.find(key).orElseThrow().parts().size(), "both parts on the wire were confirmed");
        proxy.restore();
        direct.abortMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(log.find(key).orElseThrow().multipartId()));
    }

    @Test
    void partTheStoreConfirmedButTheJournalMissedIsRecognisedAndNotSentAgain() throws Exception {
        byte[] data = data(23);
        int before = proxy.forwarded().size();
        log.dieAtPart = 3; // the process dies after the store confirmed part 3, before the journal has it
        assertThrows(Exception.class, () -> send(data, open(data)));
        log.dieAtPart = -1;

        send(data, open(data));
        assertArrayEquals(data, direct.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
        Map<Integer, Long> sends = partSends(proxy.forwarded().subList(before, proxy.forwarded().size()));
        assertEquals(Map.of(1, 1L, 2, 1L, 3, 1L, 4, 1L, 5, 1L), sends, "every part sent exactly once");
        assertNoMultipartUploads();
    }

    @Test
    void uploadTheStoreForgotStartsOver() throws Exception {
        byte[] data = data(12);
        proxy.dieAfter("partNumber=", 1);
        assertThrows(IOException.class, () -> send(data, open(data)));
        proxy.restore();
        String first = log.find(key).orElseThrow().multipartId();
        direct.abortMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(first)); // expired, lifecycle rule, ...

        ObjectSink again = open(data);
        assertEquals(0, again.resumeOffset());
        send(data, again);
        assertNotEquals(first, log.find(key).orElseThrow().multipartId());
        assertArrayEquals(data, direct.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
        assertNoMultipartUploads();
    }

    @Test
    void uploadCompletedJustBeforeACrashIsNotSentAgain() throws Exception {
        byte[] data = data(11);
        ObjectSink sink = open(data);
        for (int offset = 0; offset < data.length; offset += CHUNK) {
            sink.write(data, offset, Math.min(CHUNK, data.length - offset), Math.min(offset + CHUNK, data.length));
        }
        sink.commit(); // and the process dies before the completion is recorded

        int before = proxy.forwarded().size();
        ObjectSink afterRestart = open(data);
        assertEquals(data.length, afterRestart.resumeOffset());
        afterRestart.commit();
        assertTrue(partSends(proxy.forwarded().subList(before, proxy.forwarded().size())).isEmpty());
        assertArrayEquals(data, direct.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
    }

    @Test
    void uploadCutDifferentlyIsAbortedAndStartsOver() throws Exception {
        byte[] data = data(12);
        proxy.dieAfter("partNumber=", 2);
        assertThrows(IOException.class, () -> send(data, open(data)));
        proxy.restore();
        String first = log.find(key).orElseThrow().multipartId();

        ObjectSink recut = destination.open(key, "application/gzip", new Resumable("gzip/9/1048576", data.length, log));
        assertEquals(0, recut.resumeOffset());
        send(data, recut);
        assertTrue(direct.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().stream()
                .noneMatch(u -> u.uploadId().equals(first)), "the differently cut upload was aborted");
        assertArrayEquals(data, direct.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
    }

    @Test
    void orphanSweepAbortsOnlyUnownedUploadsUnderItsOwnPrefix() throws Exception {
        String orphan = direct.createMultipartUpload(b -> b.bucket(BUCKET).key("systems/sweep/u1/a.duckdb.gz")).uploadId();
        String owned = direct.createMultipartUpload(b -> b.bucket(BUCKET).key("systems/sweep/u2/a.duckdb.gz")).uploadId();
        String otherMachine = direct.createMultipartUpload(b -> b.bucket(BUCKET).key("systems/them/u3/a.duckdb.gz"))
                .uploadId();
        Thread.sleep(1100); // S3 timestamps have second precision
        Instant start = Instant.now();
        String newer = direct.createMultipartUpload(b -> b.bucket(BUCKET).key("systems/sweep/u4/a.duckdb.gz")).uploadId();

        assertEquals(1, destination.abortOrphans("systems/sweep/", Set.of(owned)::contains, start));
        Set<String> left = Set.copyOf(direct.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().stream()
                .map(MultipartUpload::uploadId).toList());
        assertTrue(!left.contains(orphan) && left.containsAll(List.of(owned, otherMachine, newer)), left.toString());
        for (MultipartUpload u : direct.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()) {
            direct.abortMultipartUpload(b -> b.bucket(BUCKET).key(u.key()).uploadId(u.uploadId()));
        }
    }

    /** The upload pipeline over the bucket, reached through the fault proxy. */
    private static Destination overProxy(int parallelParts) {
        return new Destination(new S3Store(viaProxy, BUCKET, true), PART, parallelParts, SENDERS);
    }

    private ObjectSink open(byte[] data) throws IOException {
        return destination.open(key, "application/gzip", new Resumable("none/0/1048576", data.length, log));
    }

    private static void send(byte[] data, ObjectSink sink) throws IOException {
        ChunkWriter.send(data, CHUNK, sink);
    }

    private static byte[] data(int mib) {
        byte[] data = new byte[mib * 1024 * 1024 + 12345];
        new Random(mib).nextBytes(data);
        return data;
    }

    private static Map<Integer, Long> partSends(List<String> requests) {
        Map<Integer, Long> sends = new java.util.TreeMap<>();
        for (String request : requests) {
            Matcher m = PART_NUMBER.matcher(request);
            if (request.startsWith("PUT ") && m.find()) {
                sends.merge(Integer.parseInt(m.group(1)), 1L, Long::sum);
            }
        }
        return sends;
    }

    private static void assertNoMultipartUploads() {
        assertEquals(List.of(), direct.listMultipartUploads(b -> b.bucket(BUCKET)).uploads());
    }
}

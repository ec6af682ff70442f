package io.akosha.sync.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akosha.sync.audit.Audit;
import io.akosha.sync.metrics.SyncMetrics;
import io.akosha.sync.store.DestinationRejectedException;
import io.akosha.sync.store.MultipartUpload;
import io.akosha.sync.store.PartBody;
import io.akosha.sync.store.StoredPart;
import io.akosha.sync.store.UploadGoneException;
import io.akosha.sync.support.S3MockServer;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Server;
import io.akosha.sync.upload.UploadConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The real adapter ({@link S3Store}) against independent S3 implementations, each started by the suite as its own
 * JVM on 127.0.0.1, through a client built by the sidecar's own {@link S3ClientFactory} (URL-connection HTTP
 * client, path style, request retries, server-side encryption on every object, checksums as headers): every
 * operation of {@link io.akosha.sync.store.ObjectStore}, so that behaviour only one server tolerates is caught.
 * Where the servers genuinely differ, the test says so next to the assertion.
 */
class S3StoreContractTest {

    private static final String BUCKET = "contract";
    private static final int MIB = 1024 * 1024;
    private static final String GZIP = "application/gzip";

    enum Server {
        /** S3Proxy on jclouds' in-memory {@code transient-nio2} backend: what the rest of the suite runs against. */
        S3PROXY,
        /** Adobe's S3Mock (Spring Boot, objects as files). */
        S3MOCK,
        /**
         * S3Proxy on jclouds' {@code filesystem} backend. It answers 501 Not Implemented to server-side encryption
         * headers, which the sidecar sends on every object: this one is driven through the tests' plain client (same
         * path style, HTTP client and checksum settings, no SSE), not the sidecar's.
         */
        S3PROXY_FILESYSTEM;

        boolean sidecarClient() {
            return this != S3PROXY_FILESYSTEM;
        }

        /** S3Proxy lists parts without their CRC32C (the upload pipeline then keeps the one it journaled). */
        boolean listsPartChecksums() {
            return this == S3MOCK;
        }

        /**
         * S3Proxy takes a part for an upload that was aborted (it looks the upload up only on completion, which
         * then answers NoSuchUpload); S3Mock answers NoSuchUpload to the part, as S3 does.
         */
        boolean refusesPartsOfAbortedUploads() {
            return this == S3MOCK;
        }
    }

    private record Running(S3Server server, S3Client client, S3Client direct) {
    }

    private static final Map<Server, Running> RUNNING = new EnumMap<>(Server.class);

    @AfterAll
    static void stopServers() {
        RUNNING.values().forEach(r -> {
            r.client().close();
            r.direct().close();
            r.server().close();
        });
        RUNNING.clear();
    }

    /** The server, started on first use and kept for the class; its bucket created. */
    private static synchronized Running running(Server which) throws Exception {
        Running running = RUNNING.get(which);
        if (running == null) {
            Path work = Files.createDirectories(Path.of("target", "test-work", "contract-" + which.name().toLowerCase()
                    + "-" + UUID.randomUUID()).toAbsolutePath());
            S3Server server = switch (which) {
                case S3PROXY -> S3ProxyServer.start(work.resolve("s3proxy"), "512m");
                case S3MOCK -> S3MockServer.start(work.resolve("s3mock"), "512m");
                case S3PROXY_FILESYSTEM -> S3ProxyServer.startOnFilesystem(work.resolve("s3proxy"), "512m");
            };
            S3Client direct = S3ProxyServer.client(server.endpoint());
            direct.createBucket(b -> b.bucket(BUCKET));
            S3Client client = which.sidecarClient() ? sidecarClient(server.endpoint()) : S3ProxyServer.client(server.endpoint());
            running = new Running(server, client, direct);
            RUNNING.put(which, running);
        }
        return running;
    }

    /** The S3 client exactly as {@link S3StoreProducer} builds it for this bucket and endpoint. */
    private static S3Client sidecarClient(String endpoint) {
        CloudConfig cloud = new Cloud(endpoint);
        // an audit of the main log only, as in command mode
        return S3ClientFactory.create(cloud, new Upload(), CloudCredentials.create(cloud, new Audit(null, null, () -> true)),
                new RetryCounter(new SyncMetrics(new SimpleMeterRegistry())));
    }

    private static S3Store store(Server which) throws Exception {
        return new S3Store(running(which).client(), BUCKET, true);
    }

    private static String prefix() {
        return "systems/contract/" + UUID.randomUUID() + "/";
    }

    private static byte[] data(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static PartBody body(byte[] data, int from, int to) {
        return PartBody.of(Arrays.copyOfRange(data, from, to), to - from);
    }

    private static byte[] read(S3Store store, String key) throws IOException {
        try (InputStream in = store.read(key)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Server.class)
    void probeFindsTheBucketAndRejectsAMissingOne(Server which) throws Exception {
        S3Store store = store(which);
        assertEquals("s3", store.name());
        store.probe();
        S3Store missing = new S3Store(running(which).client(), "no-such-bucket-" + UUID.randomUUID(), true);
        assertThrows(DestinationRejectedException.class, missing::probe);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Server.class)
    void putReadHeadAndList(Server which) throws Exception {
        S3Store store = store(which);
        String prefix = prefix();
        byte[] small = data(64 * 1024 + 7, 1);
        byte[] empty = new byte[0];
        store.put(prefix + "b/reflection.duckdb.gz", PartBody.of(small, small.length), GZIP);
        store.put(prefix + "a/manifest.json", PartBody.of(empty, 0), "application/json");
        String pending = store.createMultipart(prefix + "c/in-progress.gz", GZIP);

        assertArrayEquals(small, read(store, prefix + "b/reflection.duckdb.gz"), "byte-exact read-back");
        assertArrayEquals(empty, read(store, prefix + "a/manifest.json"));
        assertEquals(OptionalLong.of(small.length), store.head(prefix + "b/reflection.duckdb.gz"));
        assertEquals(OptionalLong.of(0), store.head(prefix + "a/manifest.json"));
        assertEquals(OptionalLong.empty(), store.head(prefix + "b/absent.gz"), "absent object");
        assertEquals(OptionalLong.empty(), store.head(prefix + "c/in-progress.gz"), "an upload in progress is not visible");
        assertEquals(List.of(prefix + "a/manifest.json", prefix + "b/reflection.duckdb.gz"), store.list(prefix),
                "visible objects only, in key order");
        assertEquals(List.of(), store.list(prefix + "nothing/"));
        HeadObjectResponse head = running(which).direct().headObject(b -> b.bucket(BUCKET)
                .key(prefix + "b/reflection.duckdb.gz").checksumMode(ChecksumMode.ENABLED));
        assertEquals(GZIP, head.contentType());
        assertEquals(PartBody.of(small, small.length).crc32c(), head.checksumCRC32C(), "the CRC32C sent is kept");
        store.abort(prefix + "c/in-progress.gz", pending);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Server.class)
    void multipartUploadListsItsPartsAndCompletesByteExact(Server which) throws Exception {
        S3Store store = store(which);
        String prefix = prefix();
        String key = prefix + "big.duckdb.gz";
        byte[] data = data(11 * MIB + 123, 2);
        String uploadId = store.createMultipart(key, GZIP);
        assertEquals(List.of(uploadId), store.listMultiparts(prefix).stream().filter(u -> u.key().equals(key))
                .map(MultipartUpload::uploadId).toList(), "the upload is in progress");
        assertEquals(Optional.of(Map.of()), store.listParts(key, uploadId), "no parts yet");

        List<PartBody> bodies = List.of(body(data, 0, 5 * MIB), body(data, 5 * MIB, 10 * MIB),
                body(data, 10 * MIB, data.length));
        List<String> etags = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            etags.add(store.uploadPart(key, uploadId, i + 1, bodies.get(i)));
        }
        Map<Integer, StoredPart> listed = store.listParts(key, uploadId).orElseThrow();
        assertEquals(3, listed.size(), listed.toString());
        List<StoredPart> parts = new ArrayList<>();
        for (int number = 1; number <= 3; number++) {
            StoredPart part = listed.get(number);
            assertNotNull(part, "part " + number + " of " + listed);
            assertTrue(StoredPart.sameEtag(etags.get(number - 1), part.etag()), part + " vs " + etags.get(number - 1));
            assertEquals(bodies.get(number - 1).length(), part.size(), "size of part " + number);
            // the resume logic recognises a part the journal missed by this checksum where the store lists it
            assertEquals(which.listsPartChecksums() ? bodies.get(number - 1).crc32c() : null, part.crc32c(),
                    "CRC32C of part " + number);
            parts.add(part);
        }
        Instant initiated = store.listMultiparts(prefix).get(0).initiated();
        assertNotNull(initiated, "the orphan sweep goes by the upload's start");

        store.complete(key, uploadId, parts);
        assertArrayEquals(data, read(store, key), "byte-exact after completion");
        assertEquals(OptionalLong.of(data.length), store.head(key));
        assertEquals(Optional.empty(), store.listParts(key, uploadId), "a completed upload has no parts to resume");
        assertEquals(List.of(), store.listMultiparts(prefix));
        assertEquals(List.of(key), store.list(prefix));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Server.class)
    void abortedUploadIsGone(Server which) throws Exception {
        S3Store store = store(which);
        String prefix = prefix();
        String key = prefix + "given-up.duckdb.gz";
        byte[] data = data(5 * MIB + 1, 3);
        String uploadId = store.createMultipart(key, GZIP);
        store.uploadPart(key, uploadId, 1, body(data, 0, 5 * MIB));
        store.abort(key, uploadId);

        assertEquals(Optional.empty(), store.listParts(key, uploadId), "an aborted upload has no parts to resume");
        assertEquals(List.of(), store.listMultiparts(prefix));
        if (which.refusesPartsOfAbortedUploads()) {
            assertThrows(UploadGoneException.class, () -> store.uploadPart(key, uploadId, 2,
                    body(data, 5 * MIB, data.length)), "a part for an aborted upload");
        } else {
            // S3Proxy: accepted, yet the upload stays gone (no listing, no parts, completion refused below)
            store.uploadPart(key, uploadId, 2, body(data, 5 * MIB, data.length));
            assertEquals(Optional.empty(), store.listParts(key, uploadId));
        }
        assertThrows(UploadGoneException.class, () -> store.complete(key, uploadId,
                List.of(new StoredPart(1, "\"0\"", 5 * MIB, null))), "completing an aborted upload");
        store.abort(key, uploadId); // an upload the store no longer knows is not an error
        assertEquals(OptionalLong.empty(), store.head(key));
        assertEquals(List.of(), store.list(prefix));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Server.class)
    void copyInOneRequestIsByteExactWithContentTypeAndChecksum(Server which) throws Exception {
        S3Store store = store(which);
        String prefix = prefix();
        byte[] data = data(3 * MIB + 5, 4);
        PartBody body = PartBody.of(data, data.length);
        store.put(prefix + "u1/reflection.duckdb.gz", body, GZIP);

        store.copy(prefix + "u1/reflection.duckdb.gz", prefix + "u2/reflection.duckdb.gz");
        assertArrayEquals(data, read(store, prefix + "u2/reflection.duckdb.gz"), "byte-exact copy");
        assertArrayEquals(data, read(store, prefix + "u1/reflection.duckdb.gz"), "the source is left as it was");
        assertEquals(List.of(prefix + "u1/reflection.duckdb.gz", prefix + "u2/reflection.duckdb.gz"), store.list(prefix));
        HeadObjectResponse head = running(which).direct().headObject(b -> b.bucket(BUCKET)
                .key(prefix + "u2/reflection.duckdb.gz").checksumMode(ChecksumMode.ENABLED));
        assertEquals(GZIP, head.contentType(), "the content type is copied");
        assertEquals(body.crc32c(), head.checksumCRC32C(), "the copy has the source's CRC32C");
        assertThrows(IOException.class, () -> store.copy(prefix + "absent.gz", prefix + "u3/absent.gz"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Server.class)
    void copyInPartsIsByteExactAndLeavesNoUploadBehind(Server which) throws Exception {
        // limits as S3's (5 GB per CopyObject) but small: a 12 MiB object goes as parts of 5, 5 and 2 MiB
        S3Store store = new S3Store(running(which).client(), BUCKET, true, 6L * MIB, 5L * MIB);
        String prefix = prefix();
        String source = prefix + "u1/big.duckdb.gz";
        byte[] data = data(12 * MIB + 17, 5);
        String uploadId = store.createMultipart(source, GZIP);
        List<StoredPart> parts = new ArrayList<>();
        int[] cuts = {0, 5 * MIB, 10 * MIB, data.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            PartBody part = body(data, cuts[i], cuts[i + 1]);
            parts.add(new StoredPart(i + 1, store.uploadPart(source, uploadId, i + 1, part), part.length(), part.crc32c()));
        }
        store.complete(source, uploadId, parts);

        // the copy's upload names no checksum algorithm: S3Mock answers UploadPartCopy without a part checksum and
        // would refuse to complete an upload created with CRC32C ("The complete request must include the checksum
        // for each part")
        store.copy(source, prefix + "u2/big.duckdb.gz");
        assertArrayEquals(data, read(store, prefix + "u2/big.duckdb.gz"), "byte-exact copy in parts");
        assertEquals(OptionalLong.of(data.length), store.head(prefix + "u2/big.duckdb.gz"));
        assertEquals(List.of(), store.listMultiparts(prefix), "the copy's upload is completed");
        HeadObjectResponse head = running(which).direct().headObject(b -> b.bucket(BUCKET)
                .key(prefix + "u2/big.duckdb.gz"));
        assertEquals(GZIP, head.contentType(), "the content type is copied");
    }

    /** Why {@link Server#S3PROXY_FILESYSTEM} is driven without the sidecar's client: its SSE header is refused. */
    @Test
    void filesystemBackendRefusesServerSideEncryption() throws Exception {
        Running filesystem = running(Server.S3PROXY_FILESYSTEM);
        try (S3Client sidecar = sidecarClient(filesystem.server().endpoint())) {
            S3Exception refused = assertThrows(S3Exception.class, () -> sidecar.putObject(
                    b -> b.bucket(BUCKET).key(prefix() + "sse.gz"), RequestBody.fromBytes(new byte[] {1})));
            assertEquals(501, refused.statusCode());
        }
    }

    /** {@code akosha.cloud.*} as the S3 tests configure the sidecar (static keys, loopback http, path style). */
    private record Cloud(String url) implements CloudConfig {
        @Override
        public Optional<String> bucket() {
            return Optional.of(BUCKET);
        }

        @Override
        public Optional<String> endpoint() {
            return Optional.of(url);
        }

        @Override
        public String region() {
            return S3ProxyServer.REGION;
        }

        @Override
        public boolean pathStyle() {
            return true;
        }

        @Override
        public Optional<String> prefix() {
            return Optional.empty();
        }

        @Override
        public PartChecksum checksum() {
            return PartChecksum.CRC32C;
        }

        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration abortRetryInterval() {
            return Duration.ofMinutes(1);
        }

        @Override
        public boolean allowInsecureLoopback() {
            return true;
        }

        @Override
        public Optional<String> accessKeyId() {
            return Optional.of(S3ProxyServer.ACCESS_KEY);
        }

        @Override
        public Optional<String> secretAccessKey() {
            return Optional.of(S3ProxyServer.SECRET_KEY);
        }

        @Override
        public Optional<String> roleArn() {
            return Optional.empty();
        }

        @Override
        public Encryption sse() {
            return Encryption.AES256;
        }

        @Override
        public Optional<String> kmsKeyId() {
            return Optional.empty();
        }
    }

    /** {@code akosha.upload.*} defaults: only the request timeout reaches the client. */
    private record Upload() implements UploadConfig {
        @Override
        public MemorySize partSize() {
            return new MemorySize(java.math.BigInteger.valueOf(8L * MIB));
        }

        @Override
        public MemorySize chunkSize() {
            return new MemorySize(java.math.BigInteger.valueOf(MIB));
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(60);
        }

        @Override
        public int maxRetries() {
            return 3;
        }

        @Override
        public int maxInFlight() {
            return 2;
        }

        @Override
        public OptionalInt parallelParts() {
            return OptionalInt.empty();
        }
    }
}

package io.akosha.sync.fallback;

import static org.awaitility.Awaitility.await;
import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.FallbackResource;
import io.akosha.sync.support.IngestReceiver;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
import io.akosha.sync.support.SidecarApi;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.TestRecords;
import io.akosha.sync.support.UploadVerifier;
import io.akosha.sync.sync.FileResult;
import io.akosha.sync.sync.SyncRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The cloud path failing in every way a network fails (through a real TCP proxy in front of S3Proxy),
 * and the HTTP fallback to a real receiver that checks what it gets.
 */
@QuarkusTest
@QuarkusTestResource(value = FallbackResource.class, restrictToAnnotatedClass = true)
class FallbackTest {

    @Inject
    MeterRegistry registry;

    @Inject
    HttpSender sender;

    @FallbackResource.Inject
    FallbackResource.Environment env;

    @AfterEach
    void heal() throws Exception {
        env.proxy().restore();
        env.receiver().respondWith(200);
    }

    @Test
    void cloudRefusedHandsOverToHttpWithinTwoSeconds() throws Exception {
        DuckDb.create(env.dataDir().resolve("refused.duckdb"), 20_000);
        env.proxy().refuse();
        String syncId = endSession("fb-refused", "{\"files\":[\"refused.duckdb\"]}");
        JsonNode sync = awaitDelivered(syncId, Duration.ofSeconds(30));

        assertEquals("http", sync.get("method").asText());
        IngestReceiver.Request request = onlyRequestFor(sync);
        Duration toFallback = Duration.between(Instant.parse(sync.get("created_at").asText()), request.arrivedAt());
        System.out.println("FallbackTest: cloud refused -> HTTP upload arrived " + toFallback.toMillis() + " ms after the event was accepted");
        assertTrue(toFallback.compareTo(Duration.ofSeconds(2)) < 0, "fallback took " + toFallback);
        assertTrue(request.problems().isEmpty(), request.problems().toString());
        assertNoManifestInBucket(sync);
    }

    @Test
    void resetInTheMiddleOfAPartIsRetriedAndDeliveredByCloud() throws Exception {
        TestFiles.writePseudoRandom(env.dataDir().resolve("reset.duckdb"), 14L * 1024 * 1024);
        env.proxy().resetNextBodyAfter(1024 * 1024);
        String syncId = endSession("fb-reset", "{\"files\":[\"reset.duckdb\"]}");
        JsonNode sync = awaitDelivered(syncId, Duration.ofSeconds(60));

        assertEquals(1, env.proxy().resets(), "the proxy cut one request mid-body");
        assertEquals("cloud", sync.get("method").asText());
        assertEquals("s3", sync.get("delivered_via").asText());
        assertTrue(requestsFor(sync).isEmpty(), "nothing went to the fallback");
        try (S3Client s3 = S3ProxyServer.client(env.directEndpoint())) {
            UploadVerifier.verify(UploadVerifier.s3(s3, S3Resource.BUCKET), sync, null);
        }
    }

    @Test
    void stallInTheMiddleOfAPartTimesOutAndIsRetriedByCloud() throws Exception {
        TestFiles.writePseudoRandom(env.dataDir().resolve("stall.duckdb"), 14L * 1024 * 1024);
        env.proxy().stallNextBodyAfter(512 * 1024);
        String syncId = endSession("fb-stall", "{\"files\":[\"stall.duckdb\"]}");
        JsonNode sync = awaitDelivered(syncId, Duration.ofSeconds(60));
        assertEquals(1, env.proxy().stalls(), "one request stalled mid-body");
        assertEquals("cloud", sync.get("method").asText(), "the read timeout (akosha.upload.timeout) is transient");
        assertTrue(requestsFor(sync).isEmpty(), "nothing went to the fallback");
        try (S3Client s3 = S3ProxyServer.client(env.directEndpoint())) {
            UploadVerifier.verify(UploadVerifier.s3(s3, S3Resource.BUCKET), sync, null);
        }
    }

    @Test
    void slowUplinkStillDeliversByCloud() throws Exception {
        TestFiles.writePseudoRandom(env.dataDir().resolve("slow.duckdb"), 6L * 1024 * 1024);
        env.proxy().throttle(2L * 1024 * 1024);
        long started = System.nanoTime();
        JsonNode sync = awaitDelivered(endSession("fb-slow", "{\"files\":[\"slow.duckdb\"]}"), Duration.ofSeconds(60));
        long millis = (System.nanoTime() - started) / 1_000_000;
        long stored = sync.get("files").get(0).get("stored_bytes").asLong();
        assertTrue(millis >= stored * 1000 / (2L * 1024 * 1024) * 8 / 10, "throttled: " + millis + " ms");
        assertEquals("cloud", sync.get("method").asText());
        assertTrue(requestsFor(sync).isEmpty(), "nothing went to the fallback");
    }

    @Test
    void cloudDyingAfterSomePartsAbortsTheMultipartUploadAndFallsBack() throws Exception {
        TestFiles.writePseudoRandom(env.dataDir().resolve("dying.duckdb"), 24L * 1024 * 1024);
        env.proxy().dieAfter("partNumber=", 2);
        String syncId = endSession("fb-dying", "{\"files\":[\"dying.duckdb\"]}");
        JsonNode sync = awaitDelivered(syncId, Duration.ofSeconds(60));
        assertEquals("http", sync.get("method").asText());
        assertTrue(onlyRequestFor(sync).problems().isEmpty());

        env.proxy().restore(); // the store comes back: the pending abort goes through
        try (S3Client s3 = S3ProxyServer.client(env.directEndpoint())) {
            await("pending abort").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> s3.listMultipartUploads(b -> b.bucket(S3Resource.BUCKET)).uploads().isEmpty());
            assertEquals(List.of(), s3.listMultipartUploads(b -> b.bucket(S3Resource.BUCKET)).uploads(),
                    "no orphaned multipart upload");
        }
        assertNoManifestInBucket(sync);
    }

    @Test
    void bothPathsDownParksThenRetryDeliversOnce() throws Exception {
        DuckDb.create(env.dataDir().resolve("parked.duckdb"), 5_000);
        env.proxy().refuse();
        env.receiver().respondWith(503);
        double retriesBefore = httpRetries();
        String syncId = endSession("fb-parked", "{\"files\":[\"parked.duckdb\"]}");
        JsonNode parked = SidecarApi.awaitStatus(syncId, "parked");
        assertEquals("HTTP fallback failed: Akosha ingestion answered HTTP 503", parked.get("error").asText());
        assertTrue(requestsFor(parked).size() >= 2, "the fallback retried 503s");
        // the before-retry handler ran (a methodName handler failed on every retry in the native executable)
        assertTrue(httpRetries() - retriesBefore >= requestsFor(parked).size() - 1, "each retry counted");

        env.proxy().restore();
        env.receiver().respondWith(200);
        given().post("/v1/syncs/{id}/retry", syncId).then().statusCode(202);
        JsonNode sync = awaitDelivered(syncId, Duration.ofSeconds(30));
        assertEquals("cloud", sync.get("method").asText());
        assertTrue(requestsFor(sync).stream().noneMatch(r -> r.answered() / 100 == 2), "delivered once, by cloud");
        given().post("/v1/syncs/{id}/retry", syncId).then().statusCode(409);
    }

    @Test
    void receiverAnswering409CountsAsDelivered() throws Exception {
        DuckDb.create(env.dataDir().resolve("conflict.duckdb"), 1_000);
        env.receiver().respondWith(409);
        String syncId = endSession("fb-409", "{\"files\":[\"conflict.duckdb\"],\"method\":\"http\"}");
        JsonNode sync = awaitDelivered(syncId, Duration.ofSeconds(30));
        assertEquals("http", sync.get("method").asText());
        assertEquals(409, onlyRequestFor(sync).answered());
        assertNoManifestInBucket(sync);
    }

    @Test
    void receiverAnswering401ParksWithoutRetriesOrSecrets() throws Exception {
        DuckDb.create(env.dataDir().resolve("denied.duckdb"), 1_000);
        env.receiver().respondWith(401);
        String syncId = endSession("fb-401", "{\"files\":[\"denied.duckdb\"],\"method\":\"http\"}");
        JsonNode sync = SidecarApi.awaitStatus(syncId, "parked");
        assertEquals("HTTP fallback failed: Akosha ingestion refused the upload: HTTP 401", sync.get("error").asText());
        assertFalse(sync.toString().contains(FallbackResource.TOKEN));
        assertEquals(1, requestsFor(sync).size(), "a 401 is not retried");
    }

    /**
     * A staged copy that cannot be read (here: gone) fails the request at once, without a retry: sending it again
     * would not change it.
     */
    @Test
    void unreadableStagedCopyIsNotRetried() throws Exception {
        Path staging = Files.createDirectories(env.dataDir().resolveSibling("gone-staging"));
        SyncRecord sync = TestRecords.queued("gone").staged(List.of(FileResult.staged("gone.duckdb", 1000)), List.of(),
                Instant.now());
        double retriesBefore = httpRetries();
        StagedReadException e = assertThrows(StagedReadException.class,
                () -> sender.send(sync, staging, Instant.now()));
        assertTrue(e.getMessage().startsWith("reading the staged copy of 'gone.duckdb' failed: NoSuchFileException"),
                e.getMessage());
        assertEquals(0, httpRetries() - retriesBefore, "not retried");
        String key = sync.systemId() + "/" + sync.uploadId();
        assertTrue(env.receiver().requests().stream().filter(r -> key.equals(r.idempotencyKey())).count() <= 1,
                "one request at most, cut");
    }

    private List<IngestReceiver.Request> requestsFor(JsonNode sync) {
        String key = sync.get("system_id").asText() + "/" + sync.get("upload_id").asText();
        return env.receiver().requests().stream().filter(r -> key.equals(r.idempotencyKey())).toList();
    }

    private IngestReceiver.Request onlyRequestFor(JsonNode sync) {
        List<IngestReceiver.Request> requests = requestsFor(sync);
        assertEquals(1, requests.size(), "one HTTP upload: " + requests);
        return requests.get(0);
    }

    private void assertNoManifestInBucket(JsonNode sync) {
        String prefix = "systems/" + sync.get("system_id").asText() + "/" + sync.get("upload_id").asText() + "/";
        try (S3Client s3 = S3ProxyServer.client(env.directEndpoint())) {
            assertTrue(s3.listObjectsV2(b -> b.bucket(S3Resource.BUCKET).prefix(prefix)).contents().stream()
                    .noneMatch(o -> o.key().endsWith("manifest.json")), "no manifest in the bucket");
        }
    }

    private double httpRetries() {
        return registry.counter("akosha.sync.upload.retries", "method", "http", "scope", "upload").count();
    }
}

package io.akosha.sync.pipeline;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.S3Fixture;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * 100 session ends at once, for two system ids, many of them syncing the same files and some repeated: every
 * one is answered 202, repeats map to the same sync, and each sync is delivered exactly once with the bytes of
 * its own snapshot (syncs of the same file never share staging).
 */
@QuarkusTest
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = true)
class ConcurrentSessionsTest {

    @S3Fixture.Inject
    S3Fixture s3;

    @Test
    void hundredConcurrentSessionEndsAreEachDeliveredOnce() throws Exception {
        for (int f = 0; f < 5; f++) {
            TestFiles.writePseudoRandom(s3.dataDir().resolve("shared-" + f + ".duckdb"), 96 * 1024 + f);
        }
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<Future<String[]>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String session = "many-" + (i % 85); // 15 repeats of earlier sessions
            String system = i % 2 == 0 ? "system-a" : "system-b";
            String body = "{\"files\":[\"shared-" + (i % 5) + ".duckdb\"],\"system_id\":\"" + system + "\"}";
            Callable<String[]> post = () -> {
                Response r = given().contentType("application/json").body(body)
                        .post("/v1/sessions/" + session + "/end");
                return new String[] {system + "/" + session, r.statusCode() + "", r.path("sync_id")};
            };
            answers.add(clients.submit(post));
        }
        Map<String, Set<String>> syncsBySession = new TreeMap<>();
        for (Future<String[]> answer : answers) {
            String[] a = answer.get();
            assertEquals("202", a[1], "answer for " + a[0]);
            syncsBySession.computeIfAbsent(a[0], k -> new HashSet<>()).add(a[2]);
        }
        clients.shutdown();
        syncsBySession.forEach((session, ids) -> assertEquals(1, ids.size(), session + " -> " + ids));

        try (S3Client client = S3ProxyServer.client(s3.directEndpoint())) {
            for (Set<String> ids : syncsBySession.values()) {
                JsonNode sync = awaitDelivered(ids.iterator().next(), Duration.ofSeconds(120));
                UploadVerifier.verify(UploadVerifier.s3(client, S3Resource.BUCKET), sync, null);
            }
            long manifests = client.listObjectsV2Paginator(b -> b.bucket(S3Resource.BUCKET)).contents().stream()
                    .map(S3Object::key).filter(k -> k.endsWith("/manifest.json")).count();
            assertEquals(syncsBySession.size(), manifests, "one manifest per distinct session end");
        }
    }
}

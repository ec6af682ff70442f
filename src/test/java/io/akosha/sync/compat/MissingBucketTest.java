package io.akosha.sync.compat;

import static io.akosha.sync.support.SidecarApi.awaitStatus;
import static io.akosha.sync.support.SidecarApi.endSession;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.S3Fixture;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
import io.akosha.sync.support.UploadVerifier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The configured bucket does not exist: the sync status names it, readiness is DOWN with the same reason, and UP
 * again once the bucket is made.
 */
@QuarkusTest
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "bucket", value = "absent"))
class MissingBucketTest {

    private static final String REASON = "bucket '" + S3Resource.BUCKET + "' does not exist (NoSuchBucket)";

    @S3Fixture.Inject
    S3Fixture s3;

    @Test
    void missingBucketIsNamedAndMakesReadinessDownUntilItExists() throws Exception {
        JsonNode down = awaitReadiness(503);
        JsonNode destination = check(down, "destination");
        assertEquals("DOWN", destination.get("status").asText(), down.toString());
        assertEquals(REASON, destination.get("data").get("last_error").asText(), down.toString());

        DuckDb.create(s3.dataDir().resolve("nobucket.duckdb"), 1_000);
        JsonNode parked = awaitStatus(endSession("no-bucket", "{\"files\":[\"nobucket.duckdb\"],\"method\":\"cloud\"}"),
                "parked");
        assertEquals("cloud upload failed: " + REASON, parked.get("error").asText(), parked.toString());
        assertEquals(1, parked.get("attempts").asInt(), "not retried: " + parked);

        try (S3Client client = S3ProxyServer.client(s3.directEndpoint())) {
            client.createBucket(b -> b.bucket(S3Resource.BUCKET));
        }
        JsonNode up = awaitReadiness(200);
        assertEquals("UP", check(up, "destination").get("status").asText(), up.toString());
    }

    private static JsonNode awaitReadiness(int status) {
        return await("readiness " + status).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    var answer = given().get("/q/health/ready").then().extract();
                    return answer.statusCode() == status ? UploadVerifier.json(answer.asString()) : null;
                }, json -> json != null);
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (name.equals(check.get("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }
}

package io.akosha.sync.compat;

import static io.akosha.sync.support.SidecarApi.awaitStatus;
import static io.akosha.sync.support.SidecarApi.endSession;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.S3Fixture;
import io.akosha.sync.support.S3Resource;
import io.akosha.sync.support.TestFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A store that does not implement server-side encryption answers 501 NotImplemented to the default
 * {@code sse=aes256}: no retry will change that, so each sync is parked at once, without a retry of the request
 * or of the upload, with the store's own message, and the circuit breaker does not open however many syncs it
 * refuses. The sidecar talks to S3Proxy itself here (no recording proxy in between).
 */
@QuarkusTest
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = true, initArgs = {
    @ResourceArg(name = "backend", value = "filesystem"),
    @ResourceArg(name = "proxy", value = "off"),
    // a retry would be plain to see: 3 s before the first, 6 s before the second
    @ResourceArg(name = SseRefusedTest.RETRY + "delay", value = "3000"),
    @ResourceArg(name = SseRefusedTest.RETRY + "jitter", value = "0")})
class SseRefusedTest {

    static final String RETRY = "%test.quarkus.fault-tolerance.\"io.akosha.sync.pipeline.CloudPath/upload\".retry.";

    /** The default breaker opens after 3 counted failures of 4 (CloudPath); more syncs than that are refused. */
    private static final int SYNCS = 5;

    @S3Fixture.Inject
    S3Fixture s3;

    @Test
    void notImplementedParksAtOnceWithTheStoresMessageAndLeavesTheBreakerClosed() throws Exception {
        for (int i = 1; i <= SYNCS; i++) {
            String name = "sse-" + i;
            TestFiles.writePseudoRandom(s3.dataDir().resolve(name + ".duckdb"), 4_096);
            String syncId = endSession(name, "{\"files\":[\"" + name + ".duckdb\"],\"method\":\"cloud\"}");
            JsonNode parked = awaitStatus(syncId, "parked");
            String error = parked.get("error").asText();
            assertTrue(error.startsWith(
                    "cloud upload failed: the store refused the request: NotImplemented (HTTP 501): "), parked.toString());
            assertTrue(error.contains("Server-side encryption is not supported"), "the store's own message: " + error);
            assertFalse(error.contains("circuit breaker"), "sync " + i + ": " + error);
            assertEquals(1, parked.get("attempts").asInt(), "no fault-tolerance retry: " + parked);
            // a fault-tolerance retry would wait 3 s first (above)
            Duration took = Duration.between(Instant.parse(parked.get("created_at").asText()),
                    Instant.parse(parked.get("updated_at").asText()));
            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "parked after " + took);
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        // The old code sent each refused request 4 times (3 retries per sync). A 501 itself is never sent again now;
        // what may be is a request on a connection the store closed after its early 501, reset and retried once
        // (seen once in a CI run: 1 retry over the 5 syncs, with the start-up orphan sweep's listing running beside
        // the first sync). With Expect: 100-continue such a connection stalled 30 s instead (NoExpectContinue).
        double requestRetries = sample(metrics, "akosha_sync_upload_retries_total", "scope=\"request\"");
        assertTrue(requestRetries < SYNCS, "a refused request is not sent again: " + requestRetries + " retries");
        assertEquals(0, sample(metrics, "akosha_sync_upload_retries_total", "scope=\"upload\""),
                "no retry of the upload");
        assertEquals(0, sample(metrics, "ft_circuitbreaker_opened_total", "CloudPath.upload"), "breaker never opened");
        assertEquals(1, sample(metrics, "ft_circuitbreaker_state_current", "CloudPath.upload\",state=\"closed"),
                "breaker closed: " + metrics.lines().filter(l -> l.startsWith("ft_circuitbreaker")).toList());
    }

    /** The first sample of {@code name} whose line contains {@code labels}; 0 when there is none. */
    private static double sample(String metrics, String name, String labels) {
        return metrics.lines().filter(l -> l.startsWith(name + "{") && l.contains(labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }
}

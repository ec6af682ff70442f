package io.akosha.sync.fallback;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.FallbackResource;
import io.akosha.sync.support.IngestReceiver;
import io.akosha.sync.support.SidecarApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** S3 rejecting the credentials (403) is not retried: the sync goes to the HTTP fallback at once. */
@QuarkusTest
@QuarkusTestResource(value = FallbackResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "secret", value = "wrong"))
class WrongSecretFallbackTest {

    @FallbackResource.Inject
    FallbackResource.Environment env;

    @Test
    void forbiddenBucketGoesStraightToHttp() throws Exception {
        DuckDb.create(env.dataDir().resolve("forbidden.duckdb"), 2_000);
        String syncId = endSession("fb-403", "{\"files\":[\"forbidden.duckdb\"]}");
        JsonNode sync = awaitDelivered(syncId, Duration.ofSeconds(30));
        assertEquals("http", sync.get("method").asText());
        List<IngestReceiver.Request> requests = env.receiver().requests();
        assertEquals(1, requests.size());
        Duration toFallback = Duration.between(Instant.parse(sync.get("created_at").asText()), requests.get(0).arrivedAt());
        System.out.println("WrongSecretFallbackTest: S3 403 -> HTTP upload arrived " + toFallback.toMillis()
                + " ms after the event was accepted");
        assertTrue(toFallback.compareTo(Duration.ofSeconds(2)) < 0, "fallback took " + toFallback);
        assertTrue(requests.get(0).problems().isEmpty(), requests.get(0).problems().toString());

        // method cloud: no fallback, the sync is parked with a sanitised reason
        DuckDb.create(env.dataDir().resolve("cloud-only.duckdb"), 2_000);
        String cloudOnly = endSession("fb-403-cloud", "{\"files\":[\"cloud-only.duckdb\"],\"method\":\"cloud\"}");
        JsonNode parked = SidecarApi.awaitStatus(cloudOnly, "parked");
        assertTrue(parked.get("error").asText().startsWith("cloud upload failed: the store refused the request: ")
                && parked.get("error").asText().contains("(HTTP 403)"), parked.toString());
        assertTrue(!parked.get("error").asText().contains("not-the-secret"), parked.toString());
        assertEquals(1, env.receiver().requests().size(), "nothing sent over HTTP for method cloud");
    }
}

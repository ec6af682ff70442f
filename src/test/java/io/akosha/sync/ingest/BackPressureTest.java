package io.akosha.sync.ingest;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.akosha.sync.support.FallbackResource;
import io.akosha.sync.support.TestFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A full queue refuses new session ends with 503, Retry-After and a problem body, and harms none of the syncs it
 * already accepted: they are all delivered, after which session ends are taken again.
 */
@QuarkusTest
@TestProfile(BackPressureTest.SmallQueue.class)
@QuarkusTestResource(value = FallbackResource.class, restrictToAnnotatedClass = true)
class BackPressureTest {

    @FallbackResource.Inject
    FallbackResource.Environment env;

    @Test
    void fullQueueAnswers503WithRetryAfterAndLosesNothingAccepted() throws Exception {
        env.proxy().hold(); // a stalled uplink: the accepted syncs stay pending
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TestFiles.writePseudoRandom(env.dataDir().resolve("bp-" + i + ".duckdb"), 64 * 1024);
            accepted.add(endSession("bp-" + i, "{\"files\":[\"bp-" + i + ".duckdb\"]}"));
        }
        TestFiles.writePseudoRandom(env.dataDir().resolve("bp-late.duckdb"), 64 * 1024);

        given().contentType("application/json").body("{\"files\":[\"bp-late.duckdb\"]}")
                .post("/v1/sessions/bp-late/end")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("7"))
                .body("status", equalTo(503))
                .body("detail", containsString("akosha.intake.max-pending"));
        // a repeated end of an accepted session (same files, unchanged) is still answered: it creates nothing
        given().contentType("application/json").body("{\"files\":[\"bp-0.duckdb\"]}").post("/v1/sessions/bp-0/end")
                .then().statusCode(202).body("sync_id", equalTo(accepted.get(0)))
                .body("repeat_of", equalTo(accepted.get(0)));

        env.proxy().release();
        for (String syncId : accepted) {
            awaitDelivered(syncId, Duration.ofSeconds(90));
        }
        awaitDelivered(endSession("bp-late", "{\"files\":[\"bp-late.duckdb\"]}"), Duration.ofSeconds(60));
    }

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("akosha.intake.max-pending", "4", "akosha.intake.retry-after", "7s",
                    "akosha.upload.timeout", "60s"); // the held uploads wait for the uplink, not for the fallback
        }
    }
}

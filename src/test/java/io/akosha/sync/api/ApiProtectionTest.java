package io.akosha.sync.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.AuditLog;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.LocalDirResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The event API with {@code akosha.api.token} and a small rate limit: 401 with {@code WWW-Authenticate: Bearer}
 * without the right token, 429 with {@code Retry-After} above the limit, health and metrics open, and every
 * decision in the audit log without the token.
 */
@QuarkusTest
@TestProfile(ApiProtectionTest.Protected.class)
@QuarkusTestResource(value = LocalDirResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiProtectionTest {

    static final String TOKEN = "api-token-7f3c9e1a5b";

    /** Token and a limit of 5 requests per second per client, bursts of 10. */
    public static class Protected implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("akosha.api.token", TOKEN, "akosha.api.rate-limit", "5", "akosha.api.rate-burst", "10");
        }
    }

    @ConfigProperty(name = "akosha.data-dir")
    Path dataDir;

    @Test
    @Order(1)
    void withoutTheRightBearerTokenTheAnswerIs401() throws Exception {
        unauthorized(given().contentType(ContentType.JSON).body("{}").post("/v1/sessions/s-1/end"), false);
        unauthorized(given().header("Authorization", "Bearer not-the-token").get("/v1/syncs"), true);
        unauthorized(given().header("Authorization", "Basic " + TOKEN).get("/v1/syncs"), true);
        unauthorized(given().header("Authorization", "Bearer " + TOKEN + "x").get("/v1/syncs/x"), true);
        unauthorized(given().header("Authorization", "Bearer").get("/v1/nothing-here"), true);

        DuckDb.create(dataDir.resolve("reflection.duckdb"), 10);
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON)
                .body("{\"files\":[\"reflection.duckdb\"]}").post("/v1/sessions/s-1/end")
                .then().statusCode(202);
        given().header("Authorization", "bearer " + TOKEN).get("/v1/syncs").then().statusCode(200);

        List<JsonNode> auth = AuditLog.events().stream().filter(e -> e.get("event").asText().equals("api.auth")).toList();
        assertTrue(auth.stream().filter(e -> e.get("outcome").asText().equals("failure")).count() >= 5, auth.toString());
        assertTrue(auth.stream().anyMatch(e -> e.get("outcome").asText().equals("success")
                && e.get("client").asText().equals("127.0.0.1")), auth.toString());
        assertTrue(auth.stream().anyMatch(e -> e.path("reason").asText().equals("wrong bearer token")), auth.toString());
        assertFalse(auth.toString().contains(TOKEN), "the token is never audited");
    }

    @Test
    @Order(2)
    void healthAndMetricsStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    @Order(3)
    void aClientAboveTheRateLimitGets429WithRetryAfter() throws Exception {
        Thread.sleep(2_500); // the bucket is full again
        // requests as fast as this machine sends them, until one is refused
        long started = System.nanoTime();
        int ok = 0;
        Response first = null;
        while (first == null && ok < 200) {
            Response answer = given().header("Authorization", "Bearer " + TOKEN).get("/v1/syncs");
            if (answer.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(429, answer.statusCode(), answer.asString());
                first = answer;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(first != null, "never limited after " + ok + " requests in " + seconds + " s");
        assertTrue(ok >= 10 && ok <= 10 + Math.ceil(seconds * 5) + 1,
                "the burst of 10 plus what refilled at 5/s in " + seconds + " s got through: " + ok);
        assertTrue(first.contentType().startsWith("application/problem+json"));
        long retryAfter = Long.parseLong(first.header("Retry-After"));
        assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
        first.then().body("status", equalTo(429)).body(not(containsString(TOKEN)));

        Thread.sleep(retryAfter * 1000);
        given().header("Authorization", "Bearer " + TOKEN).get("/v1/syncs").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200); // never limited
        assertTrue(AuditLog.events().stream().anyMatch(e -> e.get("event").asText().equals("api.rate_limited")));
    }

    private static void unauthorized(Response response, boolean tokenPresented) {
        response.then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", tokenPresented
                        ? equalTo("Bearer realm=\"akosha-sync\", error=\"invalid_token\"")
                        : equalTo("Bearer realm=\"akosha-sync\""))
                .body("status", equalTo(401))
                .body("detail", equalTo("Authentication required"))
                .body(not(containsString(TOKEN)));
    }
}

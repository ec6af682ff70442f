package io.akosha.sync.redact;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.AuditLog;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.FallbackResource;
import io.akosha.sync.support.FaultProxy;
import io.akosha.sync.support.SidecarApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: a distinct canary for every secret setting (static key id and secret, fallback token, API token),
 * then every failure path: API auth failures, bad input quoting secrets, the store answering 403 (the canary
 * keys are not S3Proxy's), 5xx and unreachable, the fallback answering 401, and a careless log call quoting
 * secrets in its message and exception. The captured JSON log, the audit log, every response and every status
 * JSON contain none of the canaries. (Bad configuration, printed on the console: {@code ConfigErrorIT}.)
 */
@QuarkusTest
@QuarkusTestResource(value = FallbackResource.class, restrictToAnnotatedClass = true, initArgs = {
    @ResourceArg(name = "akosha.cloud.access-key-id", value = SecretCanaryTest.ACCESS_KEY_ID),
    @ResourceArg(name = "akosha.cloud.secret-access-key", value = SecretCanaryTest.SECRET_ACCESS_KEY),
    @ResourceArg(name = "akosha.fallback.token", value = SecretCanaryTest.FALLBACK_TOKEN),
    @ResourceArg(name = "akosha.api.token", value = SecretCanaryTest.API_TOKEN)})
class SecretCanaryTest {

    static final String ACCESS_KEY_ID = "canary-access-key-id-4b1d9e";
    static final String SECRET_ACCESS_KEY = "canary-secret-access-key-8c2f71";
    static final String FALLBACK_TOKEN = "canary-fallback-token-93ae5d";
    static final String API_TOKEN = "canary-api-token-5e7b20";
    static final List<String> CANARIES = List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY, FALLBACK_TOKEN, API_TOKEN);

    @FallbackResource.Inject
    FallbackResource.Environment env;

    private final StringBuilder responses = new StringBuilder();

    @AfterEach
    void heal() throws Exception {
        RestAssured.requestSpecification = null;
        env.proxy().restore();
        env.receiver().respondWith(200);
    }

    @Test
    void noCanaryInLogsAuditLogResponsesOrStatus() throws Exception {
        // the API: no token, another secret as token, the right token in the wrong scheme
        seen(given().get("/v1/syncs"), 401);
        seen(given().header("Authorization", "Bearer " + FALLBACK_TOKEN).get("/v1/syncs"), 401);
        seen(given().header("Authorization", "Basic " + API_TOKEN).get("/v1/syncs"), 401);
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", "Bearer " + API_TOKEN).build();

        // bad input quoting secrets: echoed details are masked
        seen(given().contentType(ContentType.JSON).body("{\"files\":[\"../" + SECRET_ACCESS_KEY + "\"]}")
                .post("/v1/sessions/c-input/end"), 400);
        seen(given().contentType(ContentType.JSON).body("{\"files\":[\"" + ACCESS_KEY_ID + "\"]}")
                .post("/v1/sessions/c-input2/end"), 422);
        seen(given().get("/v1/syncs/{id}", FALLBACK_TOKEN), 404);

        // the store refuses the canary keys (403), the fallback refuses too (401): parked
        env.receiver().respondWith(401);
        String forbidden = parkedSync("c-403");
        // the store fails (503 on every request): retried, then the fallback (401): parked
        env.proxy().gate(head -> new FaultProxy.Refusal(503, "InternalError", "We encountered an internal error."));
        String failing = parkedSync("c-5xx");
        env.proxy().gate(null);
        // the store is unreachable: straight to the fallback (401): parked
        env.proxy().refuse();
        String unreachable = parkedSync("c-down");
        env.proxy().restore();
        assertTrue(env.receiver().requests().size() >= 3, "the fallback was called with the canary token");
        assertTrue(env.receiver().requests().stream().allMatch(r -> r.problems().isEmpty()),
                "the receiver saw the configured token: " + env.receiver().requests());

        // a careless call site: secrets in the message, the parameters and the exception
        Logger.getLogger(SecretCanaryTest.class).errorf(new IOException("PUT https://b.example/k?X-Amz-Credential="
                + ACCESS_KEY_ID + "&X-Amz-Signature=0a1b2c3d, Authorization: Bearer " + FALLBACK_TOKEN,
                new IllegalStateException("secret " + SECRET_ACCESS_KEY)),
                "careless log line: key %s, api token %s", ACCESS_KEY_ID, API_TOKEN);

        for (String syncId : List.of(forbidden, failing, unreachable)) {
            JsonNode sync = SidecarApi.sync(syncId);
            responses.append(sync).append('\n');
            assertTrue(sync.get("error").asText().contains("HTTP fallback failed: Akosha ingestion answered HTTP 401")
                    || sync.get("error").asText().contains("401"), sync.toString());
        }
        seen(given().get("/v1/syncs?size=500"), 200);

        String log = Files.readString(Path.of("target", "quarkus-test-json.log"));
        assertTrue(log.contains("careless log line: key ****, api token ****"), "the careless line is there, masked");
        assertTrue(log.contains("Static S3 access keys are configured"), "static keys are warned about");
        assertTrue(log.contains("Configuration: data "), "the configuration dump is there");
        String audit = Files.readString(AuditLog.FILE);
        assertTrue(AuditLog.events().stream().anyMatch(e -> e.get("event").asText().equals("sync.parked")
                && e.get("sync_id").asText().equals(forbidden)), "parking audited");
        for (String canary : CANARIES) {
            assertFalse(log.contains(canary), "log leaks " + canary);
            assertFalse(audit.contains(canary), "audit log leaks " + canary);
            assertFalse(responses.toString().contains(canary), "a response leaks " + canary + ":\n" + responses);
        }
    }

    private String parkedSync(String sessionId) throws Exception {
        DuckDb.create(env.dataDir().resolve(sessionId + ".duckdb"), 200);
        String syncId = SidecarApi.endSession(sessionId, "{\"files\":[\"" + sessionId + ".duckdb\"]}");
        responses.append(SidecarApi.awaitStatus(syncId, "parked")).append('\n');
        return syncId;
    }

    private void seen(Response response, int status) {
        responses.append(response.statusLine()).append('\n').append(response.headers()).append('\n')
                .append(response.asString()).append('\n');
        assertEquals(status, response.statusCode(), response.asString());
    }
}

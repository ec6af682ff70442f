package io.akosha.sync.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import java.time.Duration;

/** The sidecar's REST API as the session tool and an operator use it. */
public final class SidecarApi {

    private SidecarApi() {
    }

    /** Ends a session and returns the sync id from the 202 answer. */
    public static String endSession(String sessionId, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/sessions/{id}/end", sessionId)
                .then().statusCode(202)
                .extract().path("sync_id");
    }

    public static JsonNode sync(String syncId) throws Exception {
        return UploadVerifier.json(given().when().get("/v1/syncs/{id}", syncId).then().statusCode(200)
                .extract().asString());
    }

    /** Polls the sync until it has {@code status}. */
    public static JsonNode awaitStatus(String syncId, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode sync = null;
        while (System.nanoTime() < deadline) {
            sync = sync(syncId);
            if (sync.get("status").asText().equals(status)) {
                return sync;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not " + status + ": " + sync);
    }

    /** Polls the sync until it is delivered; fails fast when it is parked. */
    public static JsonNode awaitDelivered(String syncId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode sync = null;
        while (System.nanoTime() < deadline) {
            sync = sync(syncId);
            String status = sync.get("status").asText();
            if (status.equals("delivered")) {
                return sync;
            }
            if (status.equals("parked")) {
                fail("sync parked: " + sync);
            }
            Thread.sleep(100);
        }
        fail("sync not delivered within " + timeout + ": " + sync);
        return null;
    }
}

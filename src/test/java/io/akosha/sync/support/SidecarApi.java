package io.akosha.sync.support;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;

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
    public static JsonNode awaitStatus(String syncId, String status) {
        return await("sync " + syncId + " " + status).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> sync(syncId), s -> s.get("status").asText().equals(status));
    }

    /** Polls the sync until it is delivered; fails fast when it is parked. */
    public static JsonNode awaitDelivered(String syncId, Duration timeout) {
        return await("sync " + syncId + " delivered").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> sync(syncId), s -> {
                    assertNotEquals("parked", s.get("status").asText(), () -> "sync parked: " + s);
                    return s.get("status").asText().equals("delivered");
                });
    }
}

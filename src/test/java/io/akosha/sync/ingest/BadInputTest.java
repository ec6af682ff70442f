package io.akosha.sync.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.LocalDirResource;
import io.akosha.sync.support.SidecarApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a 4xx problem+json with no stack trace, and harms nothing accepted before. */
@QuarkusTest
@QuarkusTestResource(value = LocalDirResource.class, restrictToAnnotatedClass = true)
class BadInputTest {

    @ConfigProperty(name = "akosha.data-dir")
    Path dataDir;

    @BeforeEach
    void files() throws Exception {
        if (!Files.exists(dataDir.resolve("reflection.duckdb"))) {
            DuckDb.create(dataDir.resolve("reflection.duckdb"), 100);
        }
    }

    @Test
    void sessionIdOutsideAkoshasRules() {
        problem(post("bad.id", "{}"), 400, "sessionId");
        problem(post("x".repeat(65), "{}"), 400, "sessionId");
        problem(post("semi;colon", "{}"), 400, "sessionId");
    }

    @Test
    void absoluteAndParentFileNames() {
        problem(post("s-abs", "{\"files\":[\"/etc/passwd\"]}"), 400, "absolute path");
        problem(post("s-dots", "{\"files\":[\"../secrets.duckdb\"]}"), 400, "'..'");
        problem(post("s-sub", "{\"files\":[\"sub/reflection.duckdb\"]}"), 400, "not a plain file name");
        problem(post("s-empty", "{\"files\":[\"\"]}"), 400, "empty");
    }

    @Test
    void symlinkLeavingTheDataDirectory() throws Exception {
        Path outside = Files.createTempFile("outside", ".duckdb");
        Path link = dataDir.resolve("escape.duckdb");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside);
        problem(post("s-link", "{\"files\":[\"escape.duckdb\"]}"), 422, "leaves the data directory");
    }

    @Test
    void missingFile() {
        problem(post("s-missing", "{\"files\":[\"nope.duckdb\"]}"), 422, "does not exist");
    }

    @Test
    void malformedJsonAndWrongTypes() {
        problem(post("s-json", "{\"files\": [\"reflection.duckdb\""), 400, "not valid JSON");
        problem(post("s-type", "{\"files\": {\"a\": 1}}"), 400, "files");
        problem(post("s-count", "{\"conversation_count\": \"many\"}"), 400, "conversation_count");
        problem(post("s-neg", "{\"conversation_count\": -1}"), 400, "conversation_count");
        problem(post("s-sys", "{\"system_id\": \"no/slash\"}"), 400, "system_id");
    }

    @Test
    void unknownMethod() {
        problem(post("s-method", "{\"method\":\"ftp\"}"), 400, "method must be one of auto, cloud, http");
    }

    @Test
    void unknownSyncAndBadQueries() {
        problem(given().get("/v1/syncs/does-not-exist").then(), 404, "no sync");
        problem(given().get("/v1/syncs?status=lost").then(), 400, "status must be one of");
        problem(given().get("/v1/syncs?size=0").then(), 400, "size");
        problem(given().post("/v1/syncs/does-not-exist/retry").then(), 404, "no sync");
        problem(given().get("/v1/nothing-here").then(), 404, "No such resource");
    }

    @Test
    void badInputDoesNotHarmAcceptedSyncs() throws Exception {
        String syncId = SidecarApi.endSession("s-good", "{\"files\":[\"reflection.duckdb\"]}");
        problem(post("s-good", "{\"files\": ["), 400, "not valid JSON");
        problem(post("s-bad", "{\"files\":[\"../x\"]}"), 400, "'..'");
        SidecarApi.awaitDelivered(syncId, Duration.ofSeconds(30));
        given().get("/v1/syncs?status=delivered").then().statusCode(200).body("items.sync_id", hasItem(syncId));
    }

    private static ValidatableResponse post(String sessionId, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/sessions/{id}/end", sessionId).then();
    }

    private static void problem(ValidatableResponse response, int status, String detailPart) {
        response.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("detail", containsString(detailPart))
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")));
    }
}

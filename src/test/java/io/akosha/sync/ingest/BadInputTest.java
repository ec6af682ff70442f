package io.akosha.sync.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
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

/**
 * Every kind of bad and hostile input (traversal plain, encoded and with NUL bytes, symlink escapes, oversized,
 * deeply nested or invalid UTF-8 bodies, wrong content types, 10k-character ids) gets a 4xx problem+json with no
 * stack trace, reads nothing outside the data directory, and harms nothing accepted before.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalDirResource.class, restrictToAnnotatedClass = true)
class BadInputTest {

    @ConfigProperty(name = "akosha.data-dir")
    Path dataDir;

    @ConfigProperty(name = "akosha.spool-dir")
    Path spoolDir;

    @BeforeEach
    void files() throws Exception {
        if (!Files.exists(dataDir.resolve("reflection.duckdb"))) {
            DuckDb.create(dataDir.resolve("reflection.duckdb"), 100);
        }
    }

    @Test
    void sessionIdOutsideAkoshasRules() {
        problem(post("a..b", "{}"), 400, "'..'");
        problem(post("x".repeat(129), "{}"), 400, "sessionId");
        problem(post("semi;colon", "{}"), 400, "sessionId");
    }

    @Test
    void absoluteAndParentFileNames() {
        problem(post("s-abs", "{\"files\":[\"/etc/passwd\"]}"), 400, "absolute path");
        problem(post("s-dots", "{\"files\":[\"../secrets.duckdb\"]}"), 400, "'..'");
        problem(post("s-sub", "{\"files\":[\"sub/reflection.duckdb\"]}"), 400, "not a plain file name");
        problem(post("s-empty", "{\"files\":[\"\"]}"), 400, "empty");
        // patterns are for akosha.files; an event names files
        problem(post("s-glob", "{\"files\":[\"*.duckdb\"]}"), 400, "not a plain file name");
    }

    @Test
    void symlinkLeavingTheDataDirectory() throws Exception {
        Path outside = Files.createTempFile("outside", ".duckdb");
        Path link = dataDir.resolve("escape.duckdb");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside);
        problem(post("s-link", "{\"files\":[\"escape.duckdb\"]}"), 422, "leaves its directory");
    }

    @Test
    void encodedTraversalAndNulBytes() {
        problem(post("s-enc", "{\"files\":[\"%2e%2e/secrets.duckdb\"]}"), 400, "not a plain file name");
        problem(post("s-enc2", "{\"files\":[\"..%2fsecrets.duckdb\"]}"), 400, "'..'");
        problem(post("s-uni", "{\"files\":[\"\\u002e\\u002e/secrets.duckdb\"]}"), 400, "'..'");
        problem(post("s-nul", "{\"files\":[\"reflection.duckdb\\u0000.txt\"]}"), 400, "not a plain file name");
        problem(post("s-win", "{\"files\":[\"C:\\\\Windows\\\\win.ini\"]}"), 400, "absolute path");
        problem(post("s-unc", "{\"files\":[\"\\\\\\\\server\\\\share\"]}"), 400, "absolute path");
        // in the path: refused as an id, or not routed at all; either way problem+json and nothing read
        fourXx(given().contentType(ContentType.JSON).body("{}").urlEncodingEnabled(false)
                .post("/v1/sessions/%2e%2e%2f%2e%2e%2fetc/end").then());
        fourXx(given().contentType(ContentType.JSON).body("{}").urlEncodingEnabled(false)
                .post("/v1/sessions/a%00b/end").then());
        fourXx(given().urlEncodingEnabled(false).get("/v1/syncs/..%2F..%2Fetc%2Fpasswd").then());
    }

    @Test
    void walSiblingLeavingTheDataDirectoryAndNothingOutsideIsRead() throws Exception {
        String canary = "OUTSIDE-" + java.util.UUID.randomUUID();
        Path outside = Files.createTempFile("outside", ".wal");
        Files.writeString(outside, canary);
        DuckDb.create(dataDir.resolve("walesc.duckdb"), 10);
        Path wal = dataDir.resolve("walesc.duckdb.wal");
        Files.deleteIfExists(wal);
        Files.createSymbolicLink(wal, outside);
        problem(post("s-wal", "{\"files\":[\"walesc.duckdb\"]}"), 422, "leaves its directory");
        Path dirLink = dataDir.resolve("dirlink.duckdb");
        Files.deleteIfExists(dirLink);
        Files.createSymbolicLink(dirLink, outside.getParent());
        problem(post("s-dir", "{\"files\":[\"dirlink.duckdb\"]}"), 422, "leaves its directory");
        given().get("/v1/syncs?size=500").then().statusCode(200)
                .body("items.session_id", not(hasItem("s-wal")))
                .body("items.session_id", not(hasItem("s-dir")));
        try (var files = Files.walk(spoolDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                org.junit.jupiter.api.Assertions.assertFalse(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains(canary), "copied from outside the data directory: " + f);
            }
        }
    }

    @Test
    void oversizedBody() {
        String big = "{\"files\":[\"reflection.duckdb\"],\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        problem(post("s-big", big), 413, "larger than");
    }

    @Test
    void deeplyNestedJson() {
        problem(post("s-deep", "{\"pad\":" + "[".repeat(5000) + "]".repeat(5000) + "}"), 400, "not valid JSON");
    }

    @Test
    void invalidUtf8() {
        byte[] body = {'{', '"', 'f', 'i', 'l', 'e', 's', '"', ':', '[', '"', (byte) 0xff, (byte) 0xfe, '"', ']', '}'};
        problem(given().contentType(ContentType.JSON).body(body).post("/v1/sessions/{id}/end", "s-utf8").then(), 400,
                "not valid JSON");
    }

    @Test
    void wrongContentType() {
        problem(given().contentType("text/plain").body("files=reflection.duckdb").post("/v1/sessions/{id}/end", "s-text")
                .then(), 415, "application/json");
        problem(given().contentType("application/xml").body("<files/>").post("/v1/sessions/{id}/end", "s-xml")
                .then(), 415, "application/json");
    }

    @Test
    void tenThousandCharacterIds() {
        String huge = "a".repeat(10_000);
        problem(post(huge, "{}"), 400, "sessionId");
        problem(post("s-sys-huge", "{\"system_id\":\"" + huge + "\"}"), 400, "system_id");
        problem(post("s-file-huge", "{\"files\":[\"" + huge + "\"]}"), 400, "not a plain file name");
        problem(given().get("/v1/syncs/{id}", huge).then(), 404, "no sync");
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
    void strictJson() {
        // a duplicate "files" silently dropped a file; now it is refused, naming the field
        problem(post("s-dup", "{\"files\":[\"reflection.duckdb\"],\"files\":[\"other.duckdb\"]}"), 400,
                "Field 'files' is given more than once");
        problem(post("s-str-int", "{\"conversation_count\":\"3\"}"), 400, "Field 'conversation_count'");
        problem(post("s-float", "{\"conversation_count\":3.7}"), 400, "Field 'conversation_count'");
        problem(post("s-whole-float", "{\"conversation_count\":3.0}"), 400, "Field 'conversation_count'");
        problem(post("s-bool", "{\"conversation_count\":true}"), 400, "Field 'conversation_count'");
        problem(post("s-empty-int", "{\"conversation_count\":\"\"}"), 400, "Field 'conversation_count'");
        problem(post("s-num-str", "{\"system_id\":5}"), 400, "Field 'system_id'");
        problem(post("s-num-method", "{\"method\":1}"), 400, "Field 'method'");
        problem(post("s-scalar-list", "{\"files\":\"reflection.duckdb\"}"), 400, "Field 'files'");
        problem(post("s-num-file", "{\"files\":[5]}"), 400, "Field 'files'");
        problem(post("s-trailing", "{}{}"), 400, "content after the JSON value");
        problem(post("s-trailing2", "{\"files\":[\"reflection.duckdb\"]} []"), 400, "content after the JSON value");
        problem(post("s-garbage", "{} xyz"), 400, "not valid JSON");
        // nothing of it was accepted
        given().get("/v1/syncs?size=200").then().statusCode(200)
                .body("items.session_id", not(hasItem(startsWith("s-dup"))))
                .body("items.session_id", not(hasItem("s-float")));
        // the well-typed body still goes through
        given().contentType(ContentType.JSON).body("{\"files\":[\"reflection.duckdb\"],\"conversation_count\":3}")
                .post("/v1/sessions/{id}/end", "s-strict-ok").then().statusCode(202);
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

    /** Refused with some 4xx, as problem+json, without a stack trace. */
    private static void fourXx(ValidatableResponse response) {
        response.statusCode(both(greaterThanOrEqualTo(400)).and(lessThan(500)))
                .contentType(startsWith("application/problem+json"))
                .body(not(containsString("\tat ")));
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

package io.akosha.sync.observability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.support.LocalDirResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The OpenAPI document served at /q/openapi is the one checked in as docs/openapi.json. */
@QuarkusTest
@QuarkusTestResource(value = LocalDirResource.class, restrictToAnnotatedClass = true)
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void checkedInDocumentMatchesTheCode() throws Exception {
        JsonNode served = JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").then()
                .statusCode(200).extract().asString());
        JsonNode checkedIn = JSON.readTree(Files.readString(Path.of("docs/openapi.json")));
        assertTrue(checkedIn.equals(served), "docs/openapi.json drifted from the code: the build wrote the current "
                + "document to target/openapi/openapi.json; review it and copy it to docs/openapi.json");
    }

    @Test
    void everyOperationDescribesItsProblemAnswers() throws Exception {
        JsonNode doc = JSON.readTree(Files.readString(Path.of("docs/openapi.json")));
        JsonNode end = doc.at("/paths/~1v1~1sessions~1{sessionId}~1end/post");
        assertTrue(end.at("/responses/202/content/application~1json/examples").size() > 0);
        assertTrue(end.at("/requestBody/content/application~1json/examples").size() > 0);
        for (String code : new String[] {"400", "422"}) {
            assertEquals("#/components/schemas/Problem",
                    end.at("/responses/" + code + "/content/application~1problem+json/schema/$ref").asText());
        }
        assertTrue(doc.at("/components/schemas/SyncView/properties").has("sync_id"), "snake_case as on the wire");
    }
}

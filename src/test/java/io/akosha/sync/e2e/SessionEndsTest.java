package io.akosha.sync.e2e;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.restore.Commands;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.S3Fixture;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
import io.akosha.sync.support.UploadVerifier;
import io.akosha.sync.sync.SystemIdentity;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Session ends as the session tools really send them, against a real S3 server (S3Proxy): the ids of Claude Code
 * and session-buddy, a session ended again (resumed) with and without new memory, and the default selection of
 * every memory file, an extra directory's included. Uploads come back through the sidecar's own {@code restore}.
 */
@QuarkusTest
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = true, initArgs = @ResourceArg(
        name = "akosha.extra-dirs", value = "${user.dir}/target/test-work/session-ends/my.project/.session-buddy"))
class SessionEndsTest {

    private static final String AKOSHA_UPLOAD_ID = "^[A-Za-z0-9_.-]{1,100}$";
    /** The extra directory of the resource's init arg (a config property injected here would be checked for every test). */
    private static final Path EXTRA_DIR =
            Path.of(System.getProperty("user.dir"), "target/test-work/session-ends/my.project/.session-buddy");

    @S3Fixture.Inject
    S3Fixture s3;

    @ConfigProperty(name = "akosha.data-dir")
    Path dataDir;


    @Inject
    Commands commands;

    @Inject
    SystemIdentity identity;

    @Test
    void idsOfBothToolsRoundTripToTheBucketAndBackThroughRestore() throws Exception {
        Path reflection = dataDir.resolve("reflection.duckdb");
        DuckDb.create(reflection, 500);
        String longId = "my.very.long.project.name.with.dots-" + "x".repeat(70) + "-20261201-185000";
        assertEquals(122, longId.length());
        for (String sessionId : List.of(UUID.randomUUID().toString(), "my.project-20261201-185000", longId)) {
            JsonNode accepted = end(sessionId, "{\"files\":[\"reflection.duckdb\"]}");
            String uploadId = accepted.get("upload_id").asText();
            assertTrue(uploadId.matches(AKOSHA_UPLOAD_ID) && !uploadId.contains(".."), uploadId);
            assertTrue(sessionId.length() < 80 ? uploadId.endsWith("_" + sessionId) : uploadId.length() == 100,
                    uploadId);
            awaitDelivered(accepted.get("sync_id").asText(), Duration.ofSeconds(60));

            assertEquals(sessionId, manifest(uploadId).get("metadata").get("session_id").asText());
            Path target = Files.createTempDirectory("restore");
            assertEquals(0, commands.restore(null, uploadId, target, false, false));
            assertEquals(UploadVerifier.sha256(reflection), UploadVerifier.sha256(target.resolve("reflection.duckdb")));
        }
    }

    @Test
    void aSessionEndedAgainIsANewUploadOnlyWhenItsFilesChanged() throws Exception {
        Path memory = dataDir.resolve("resumed.duckdb");
        DuckDb.create(memory, 100);
        String body = "{\"files\":[\"resumed.duckdb\"],\"reason\":\"exit\",\"cwd\":\"/home/me/my.project\"}";
        JsonNode first = end("2f0c1b7e-3a8d-4f5e-9b6a-1c2d3e4f5a6b", body);
        String firstSync = first.get("sync_id").asText();
        assertFalse(first.has("repeat_of") || first.has("previous_sync_id"), first.toString());
        JsonNode delivered = awaitDelivered(firstSync, Duration.ofSeconds(60));
        assertEquals("exit", delivered.get("session_end").get("reason").asText());
        assertEquals("/home/me/my.project", delivered.get("session_end").get("cwd").asText());

        JsonNode repeat = end("2f0c1b7e-3a8d-4f5e-9b6a-1c2d3e4f5a6b", body);
        assertEquals(firstSync, repeat.get("sync_id").asText());
        assertEquals(firstSync, repeat.get("repeat_of").asText());
        assertEquals("delivered", repeat.get("status").asText());

        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + memory);
                Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO reflections SELECT * FROM reflections LIMIT 40");
        }
        JsonNode resumed = end("2f0c1b7e-3a8d-4f5e-9b6a-1c2d3e4f5a6b", body);
        String secondSync = resumed.get("sync_id").asText();
        assertNotEquals(firstSync, secondSync);
        assertEquals(firstSync, resumed.get("previous_sync_id").asText());
        assertNull(resumed.get("repeat_of"));
        assertNotEquals(first.get("upload_id").asText(), resumed.get("upload_id").asText());
        awaitDelivered(secondSync, Duration.ofSeconds(60));

        assertEquals(100, DuckDb.count(restored(first.get("upload_id").asText(), "resumed.duckdb"), "reflections"));
        assertEquals(140, DuckDb.count(restored(resumed.get("upload_id").asText(), "resumed.duckdb"), "reflections"));
    }

    @Test
    void byDefaultEveryMemoryFileIsTakenAndAnExtraDirectorysFilesUnderTheirLabel() throws Exception {
        DuckDb.create(dataDir.resolve("knowledge_graph_work.duckdb"), 50);
        Files.writeString(dataDir.resolve("team_knowledge.db"), "team");
        Files.writeString(dataDir.resolve("notes.txt"), "not a memory file");
        Path project = Files.createDirectories(EXTRA_DIR);
        Files.writeString(project.resolve("skills.db"), "skills");

        try (Connection live = DuckDb.withLiveWal(dataDir.resolve("knowledge_graph.duckdb"), 200)) {
            JsonNode accepted = end("my.project-20261201-190000", "{}");
            JsonNode sync = awaitDelivered(accepted.get("sync_id").asText(), Duration.ofSeconds(60));
            List<String> names = new ArrayList<>();
            sync.get("files").forEach(f -> names.add(f.get("name").asText()));
            String skills = names.stream().filter(n -> n.endsWith("__skills.db")).findFirst().orElseThrow();
            assertTrue(skills.startsWith("my.project-"), skills);
            assertTrue(names.containsAll(List.of("knowledge_graph_work.duckdb", "knowledge_graph.duckdb",
                    "knowledge_graph.duckdb.wal", "team_knowledge.db")), names.toString());
            assertFalse(names.contains("notes.txt"), names.toString());

            Path target = restoredDir(accepted.get("upload_id").asText());
            assertEquals("skills", Files.readString(target.resolve(skills)));
            assertEquals(200, DuckDb.count(target.resolve("knowledge_graph.duckdb"), "entities"));
        }
    }

    @Test
    void aNamedFileThatIsMissingIsStillRefused() {
        given().contentType(ContentType.JSON).body("{\"files\":[\"absent.duckdb\"]}")
                .post("/v1/sessions/{id}/end", "my.project-20261201-191000")
                .then().statusCode(422).contentType("application/problem+json");
    }

    private static JsonNode end(String sessionId, String body) throws Exception {
        return UploadVerifier.json(given().contentType(ContentType.JSON).body(body)
                .post("/v1/sessions/{id}/end", sessionId).then().statusCode(202).extract().asString());
    }

    private JsonNode manifest(String uploadId) throws Exception {
        try (S3Client client = S3ProxyServer.client(s3.directEndpoint())) {
            String key = "systems/" + identity.defaultSystemId() + "/" + uploadId + "/manifest.json";
            return UploadVerifier.json(client.getObject(b -> b.bucket(S3Resource.BUCKET).key(key),
                    ResponseTransformer.toBytes()).asUtf8String());
        }
    }

    private Path restored(String uploadId, String file) throws Exception {
        return restoredDir(uploadId).resolve(file);
    }

    private Path restoredDir(String uploadId) throws Exception {
        Path target = Files.createTempDirectory("restore");
        assertEquals(0, commands.restore(null, uploadId, target, false, false));
        return target;
    }
}

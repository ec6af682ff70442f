package io.akosha.sync.e2e;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.S3Fixture;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.Tools;
import io.akosha.sync.support.UploadVerifier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Session end over HTTP to objects in a real S3 server (S3Proxy), read back and compared byte for byte. */
@QuarkusTest
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = true)
class S3EndToEndTest {

    @S3Fixture.Inject
    S3Fixture s3;

    @ConfigProperty(name = "akosha.data-dir")
    Path dataDir;

    @Test
    void deliversRealDuckDbFilesWithLiveWalAndConcurrentWriterManifestLast() throws Exception {
        Path reflection = dataDir.resolve("reflection.duckdb");
        DuckDb.create(reflection, 60_000);
        String reflectionSha = UploadVerifier.sha256(reflection);
        Path graph = dataDir.resolve("knowledge_graph.duckdb");
        Path busy = dataDir.resolve("activity.duckdb");
        try (Connection live = DuckDb.withLiveWal(graph, 30_000);
                DuckDb.Writer writer = new DuckDb.Writer(busy, 10_000)) {
            assertTrue(Files.size(graph.resolveSibling("knowledge_graph.duckdb.wal")) > 0, "live WAL present");

            String syncId = endSession("s3-e2e-1", """
                    {"files":["reflection.duckdb","knowledge_graph.duckdb","activity.duckdb"],
                     "conversation_count":12}""");
            JsonNode sync = awaitDelivered(syncId, Duration.ofSeconds(60));
            assertEquals("s3", sync.get("delivered_via").asText());
            assertTrue(writer.batches() > 0, "the writer was writing during the sync");

            Path restore = Files.createTempDirectory("restore");
            JsonNode manifest;
            try (S3Client client = S3ProxyServer.client(s3.directEndpoint())) {
                manifest = UploadVerifier.verify(UploadVerifier.s3(client, S3Resource.BUCKET), sync, restore);
            }
            assertEquals(12, manifest.get("conversation_count").asInt());
            // every database and the WAL of the open one; the busy database may have a WAL of its own
            assertTrue(names(manifest.get("files")).containsAll(List.of("activity.duckdb.gz",
                    "knowledge_graph.duckdb.gz", "knowledge_graph.duckdb.wal.gz", "reflection.duckdb.gz")),
                    manifest.get("files").toString());
            assertEquals(reflectionSha, UploadVerifier.sha256(restore.resolve("reflection.duckdb")));

            // the restored databases open in DuckDB: the WAL replays, the concurrently written one is consistent
            assertEquals(DuckDb.fingerprint(reflection, "reflections"),
                    DuckDb.fingerprint(restore.resolve("reflection.duckdb"), "reflections"));
            assertEquals(30_000, DuckDb.count(restore.resolve("knowledge_graph.duckdb"), "entities"));
            assertTrue(DuckDb.count(restore.resolve("activity.duckdb"), "reflections") >= 10_000);
        }
        assertManifestWrittenLast();
    }

    @Test
    void largeFileGoesUpInSeveralPartsAndDecompressesWithGzipAndPython() throws Exception {
        Path big = dataDir.resolve("big.duckdb");
        TestFiles.writePseudoRandom(big, 24L * 1024 * 1024);
        String syncId = endSession("s3-e2e-big", "{\"files\":[\"big.duckdb\"]}");
        JsonNode sync = awaitDelivered(syncId, Duration.ofSeconds(120));
        JsonNode file = sync.get("files").get(0);
        assertTrue(file.get("parts").asInt() >= 2, "multipart upload used: " + file);

        Path restore = Files.createTempDirectory("restore-big");
        try (S3Client client = S3ProxyServer.client(s3.directEndpoint())) {
            UploadVerifier.verify(UploadVerifier.s3(client, S3Resource.BUCKET), sync, restore);
            Path gz = restore.resolve("big.duckdb.gz");
            try (InputStream in = client.getObject(b -> b.bucket(S3Resource.BUCKET).key(file.get("object_key").asText()))) {
                Files.copy(in, gz);
            }
            String sha = file.get("sha256").asText();
            assertEquals(sha, Tools.run("sh", "-c", "gzip -dc '" + gz + "' | sha256sum | cut -d' ' -f1"));
            if (Tools.available("python3")) {
                assertEquals(sha, Tools.run("python3", "-c", "import gzip,hashlib,sys;"
                        + "print(hashlib.sha256(gzip.open(sys.argv[1]).read()).hexdigest())", gz.toString()));
            }
        }
        assertManifestWrittenLast();
    }

    @Test
    void sameSessionEndTwiceIsOneSync() throws Exception {
        DuckDb.create(dataDir.resolve("twice.duckdb"), 1000);
        String body = "{\"files\":[\"twice.duckdb\"]}";
        String first = endSession("s3-e2e-twice", body);
        String second = endSession("s3-e2e-twice", body);
        assertEquals(first, second);
        awaitDelivered(first, Duration.ofSeconds(60));
        given().contentType(ContentType.JSON).body(body).post("/v1/sessions/s3-e2e-twice/end")
                .then().statusCode(202).body("sync_id", equalTo(first)).body("status", equalTo("delivered"));
        long manifests = Files.readAllLines(s3.requestLog()).stream()
                .filter(l -> l.startsWith("PUT ") && l.contains("s3-e2e-twice/manifest.json")).count();
        assertEquals(1, manifests, "one upload for the repeated session end");
    }

    /** Every upload's manifest PUT arrives after all requests for that upload's objects. */
    private void assertManifestWrittenLast() throws Exception {
        List<String> lines = Files.readAllLines(s3.requestLog());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("PUT ") && line.contains("/manifest.json")) {
                String uploadDir = line.substring(4, line.indexOf("/manifest.json") + 1);
                for (String later : lines.subList(i + 1, lines.size())) {
                    assertTrue(!later.contains(uploadDir), "request after the manifest: " + later);
                }
                assertTrue(lines.subList(0, i).stream().anyMatch(l -> l.contains(uploadDir) && !l.contains("manifest")),
                        "objects before the manifest");
            }
        }
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).sorted().toList();
    }
}

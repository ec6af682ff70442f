package io.akosha.sync.dedup;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.restore.Progress;
import io.akosha.sync.restore.UploadCatalog;
import io.akosha.sync.restore.UploadChecker;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.S3Fixture;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
import io.akosha.sync.support.UploadVerifier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Dedup against S3Proxy: a second session with unchanged databases sends no file bytes: its objects are copied
 * inside the store into its own upload prefix, so it stays whole when the first upload is deleted; a changed
 * database is sent.
 */
@QuarkusTest
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = true)
class DedupTest {

    @S3Fixture.Inject
    S3Fixture s3;

    @Inject
    UploadCatalog catalog;

    @Inject
    UploadChecker checker;

    @Test
    void unchangedFilesAreCopiedInsideTheStoreAndEachUploadStandsOnItsOwn() throws Exception {
        Path reflection = s3.dataDir().resolve("reflection.duckdb");
        Path graph = s3.dataDir().resolve("knowledge_graph.duckdb");
        DuckDb.create(reflection, 20_000);
        DuckDb.create(graph, 5_000);
        String body = "{\"files\":[\"reflection.duckdb\",\"knowledge_graph.duckdb\"]}";
        JsonNode first = awaitDelivered(endSession("dedup-1", body), Duration.ofSeconds(60));

        JsonNode second = awaitDelivered(endSession("dedup-2", body), Duration.ofSeconds(60));
        String secondDir = second.get("manifest_key").asText().replace("manifest.json", "");
        for (JsonNode file : second.get("files")) {
            assertEquals(0, file.get("parts").asInt(), "not sent again: " + file);
            assertEquals(secondDir + file.get("name").asText() + ".gz", file.get("object_key").asText());
        }
        List<String> requests = Files.readAllLines(s3.requestLog()).stream().filter(l -> l.contains(secondDir)).toList();
        assertEquals(3, requests.size(), "two copies, then the manifest: " + requests);
        assertTrue(requests.subList(0, 2).stream().allMatch(l -> l.startsWith("PUT ") && l.endsWith(" [copy]")),
                "the files were copied inside the store, not sent: " + requests);
        assertTrue(requests.get(2).startsWith("PUT ") && requests.get(2).contains("manifest.json"), requests.get(2));

        try (S3Client client = S3ProxyServer.client(s3.directEndpoint())) {
            JsonNode manifest = UploadVerifier.verify(UploadVerifier.s3(client, S3Resource.BUCKET), second,
                    Files.createTempDirectory("dedup-verify"));
            for (JsonNode entry : manifest.get("metadata").get("files")) {
                assertEquals(first.get("upload_id").asText(), entry.get("reused_from").asText());
            }
            // the first upload goes (a lifecycle rule, a cleanup): the second still restores byte-exact
            S3ProxyServer.deleteAll(client, S3Resource.BUCKET, first.get("manifest_key").asText()
                    .replace("manifest.json", ""));
        }
        Path target = Files.createTempDirectory("dedup-restore");
        UploadChecker.Report report = checker.check(upload(second), target, false, quiet());
        assertTrue(report.intact(), report.problems().toString());
        assertEquals(List.of(), report.notes());
        for (Path original : List.of(reflection, graph)) {
            assertEquals(UploadVerifier.sha256(original), UploadVerifier.sha256(target.resolve(original.getFileName())));
        }

        // one database changes: it alone is sent, the other is copied from the second upload
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:" + graph.toAbsolutePath(), new Properties());
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO reflections VALUES (999999, 'a new insight', 0.5)");
            s.execute("CHECKPOINT");
        }
        JsonNode third = awaitDelivered(endSession("dedup-3", body), Duration.ofSeconds(60));
        JsonNode changed = find(third, "knowledge_graph.duckdb");
        assertTrue(changed.get("parts").asInt() >= 1, "changed file sent: " + changed);
        assertNotEquals(find(first, "knowledge_graph.duckdb").get("sha256").asText(), changed.get("sha256").asText());
        JsonNode copied = find(third, "reflection.duckdb");
        assertEquals(0, copied.get("parts").asInt());
        assertTrue(copied.get("object_key").asText().startsWith(third.get("manifest_key").asText()
                .replace("manifest.json", "")), copied.toString());
        UploadChecker.Report third3 = checker.check(upload(third), Files.createTempDirectory("dedup-3"), false, quiet());
        assertTrue(third3.intact(), third3.problems().toString());
    }

    @Test
    void aDeletedEarlierObjectIsSentAgain() throws Exception {
        Path file = s3.dataDir().resolve("dangling.duckdb");
        DuckDb.create(file, 3_000);
        String body = "{\"files\":[\"dangling.duckdb\"]}";
        awaitDelivered(endSession("dangling-1", body), Duration.ofSeconds(60));
        JsonNode second = awaitDelivered(endSession("dangling-2", body), Duration.ofSeconds(60));
        String key = second.get("files").get(0).get("object_key").asText();
        assertEquals(0, second.get("files").get(0).get("parts").asInt());

        try (S3Client client = S3ProxyServer.client(s3.directEndpoint())) {
            client.deleteObject(b -> b.bucket(S3Resource.BUCKET).key(key));
        }
        UploadChecker.Report report = checker.check(upload(second), null, false, quiet());
        assertTrue(report.problems().contains(key + ": missing object"), report.problems().toString());

        JsonNode third = awaitDelivered(endSession("dangling-3", body), Duration.ofSeconds(60));
        assertTrue(third.get("files").get(0).get("parts").asInt() >= 1, "sent again: " + third);
        assertTrue(checker.check(upload(third), null, false, quiet()).intact());
    }

    private UploadCatalog.Upload upload(JsonNode sync) throws Exception {
        return catalog.uploads(sync.get("system_id").asText()).stream()
                .filter(u -> u.uploadId().equals(sync.get("upload_id").asText())).findFirst().orElseThrow();
    }

    private static Progress quiet() {
        return new Progress(new PrintStream(PrintStream.nullOutputStream()), false, true);
    }

    private static JsonNode find(JsonNode sync, String name) {
        for (JsonNode f : sync.get("files")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError(name + " not in " + sync);
    }
}

package io.akosha.sync.restore;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.S3Fixture;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Restore real DuckDB databases from S3Proxy and query them; verify finds every kind of damage. */
@QuarkusTest
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = true)
class RestoreVerifyTest {

    @S3Fixture.Inject
    S3Fixture s3;

    @Inject
    UploadCatalog catalog;

    @Inject
    UploadChecker checker;

    @Inject
    Commands commands;

    private final Progress quiet = new Progress(new PrintStream(PrintStream.nullOutputStream()), false, true);

    @Test
    void restoredDatabasesAnswerQueriesLikeTheOriginals() throws Exception {
        Path reflection = s3.dataDir().resolve("reflection.duckdb");
        DuckDb.create(reflection, 30_000);
        Path graph = s3.dataDir().resolve("knowledge_graph.duckdb");
        try (Connection live = DuckDb.withLiveWal(graph, 12_000)) {
            JsonNode sync = awaitDelivered(endSession("restore-1", "{}"), Duration.ofSeconds(60));
            UploadCatalog.Upload upload = find(sync);
            Path target = Files.createTempDirectory("restore-target");
            UploadChecker.Report report = checker.check(upload, target, false, quiet);
            assertTrue(report.intact(), report.problems().toString());
            assertEquals(List.of("knowledge_graph.duckdb", "knowledge_graph.duckdb.wal", "reflection.duckdb"),
                    report.restored().stream().sorted().toList());
            assertEquals(DuckDb.fingerprint(reflection, "reflections"),
                    DuckDb.fingerprint(target.resolve("reflection.duckdb"), "reflections"));
            assertEquals(12_000, DuckDb.count(target.resolve("knowledge_graph.duckdb"), "entities"),
                    "the WAL was restored with its database and replays");

            assertEquals(1, commands.restore(null, upload.uploadId(), target, false, false),
                    "existing files are not overwritten without --force");
            assertEquals(0, commands.restore(null, upload.uploadId(), target, true, false));
            assertEquals(0, commands.verify(new Commands.Selection(null, upload.uploadId(), null), false));
        }
    }

    @Test
    void verifyNamesTheDamagedObject() throws Exception {
        try (S3Client client = S3ProxyServer.client(s3.directEndpoint())) {
            // a flipped byte in an object
            UploadCatalog.Upload flipped = deliver("damage-flip");
            String key = dataKey(flipped);
            byte[] bytes = client.getObjectAsBytes(b -> b.bucket(S3Resource.BUCKET).key(key)).asByteArray();
            bytes[bytes.length / 2] ^= 0x01;
            client.putObject(b -> b.bucket(S3Resource.BUCKET).key(key), RequestBody.fromBytes(bytes));
            assertDamaged(flipped, key);

            // a missing object
            UploadCatalog.Upload missing = deliver("damage-missing");
            String gone = dataKey(missing);
            client.deleteObject(b -> b.bucket(S3Resource.BUCKET).key(gone));
            assertDamaged(find(missing.uploadId()), gone + ": missing object");

            // a missing manifest
            UploadCatalog.Upload incomplete = deliver("damage-manifest");
            client.deleteObject(b -> b.bucket(S3Resource.BUCKET).key(incomplete.manifestKey()));
            assertDamaged(find(incomplete.uploadId()), "incomplete upload: no manifest.json");

            // a manifest edited to a wrong checksum for one file
            UploadCatalog.Upload edited = deliver("damage-checksum");
            ObjectMapper json = new ObjectMapper();
            ObjectNode manifest = (ObjectNode) json.readTree(client.getObjectAsBytes(
                    b -> b.bucket(S3Resource.BUCKET).key(edited.manifestKey())).asByteArray());
            ((ObjectNode) manifest.at("/metadata/files/0")).put("sha256", "0".repeat(64));
            client.putObject(b -> b.bucket(S3Resource.BUCKET).key(edited.manifestKey()),
                    RequestBody.fromBytes(json.writeValueAsBytes(manifest)));
            assertDamaged(edited, manifest.at("/metadata/files/0/object_key").asText() + ": SHA-256");
        }
    }

    private UploadCatalog.Upload deliver(String session) throws Exception {
        DuckDb.create(s3.dataDir().resolve(session + ".duckdb"), 2_000);
        return find(awaitDelivered(endSession(session, "{\"files\":[\"" + session + ".duckdb\"]}"),
                Duration.ofSeconds(60)));
    }

    private void assertDamaged(UploadCatalog.Upload upload, String problem) throws Exception {
        UploadChecker.Report report = checker.check(upload, null, false, quiet);
        assertTrue(report.problems().stream().anyMatch(p -> p.contains(problem)),
                "expected a problem containing '" + problem + "': " + report.problems());
        assertEquals(1, commands.verify(new Commands.Selection(null, upload.uploadId(), null), false), "non-zero exit");
    }

    private static String dataKey(UploadCatalog.Upload upload) {
        return upload.objectKeys().stream().filter(k -> !k.equals(upload.manifestKey())).findFirst().orElseThrow();
    }

    private UploadCatalog.Upload find(JsonNode sync) throws Exception {
        return find(sync.get("upload_id").asText());
    }

    private UploadCatalog.Upload find(String uploadId) throws Exception {
        return catalog.uploads(null).stream().filter(u -> u.uploadId().equals(uploadId)).findFirst().orElseThrow();
    }
}

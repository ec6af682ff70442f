package io.akosha.sync.e2e;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.S3Fixture;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The sidecar delivers to a second, independent S3 implementation (Adobe's S3Mock) as it does to S3Proxy: a session
 * with a DuckDB database and a file large enough for a multipart upload, read back and compared byte for byte; the
 * same files again are copied inside the store, not sent, and the repeat still restores byte-exact once the first
 * upload is deleted.
 */
@QuarkusTest
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "server", value = "s3mock"))
class S3MockEndToEndTest {

    @S3Fixture.Inject
    S3Fixture s3;

    @Test
    void deliversASessionWithAMultipartFileAndDedupsItsRepeat() throws Exception {
        Path reflection = s3.dataDir().resolve("reflection.duckdb");
        DuckDb.create(reflection, 20_000);
        TestFiles.writePseudoRandom(s3.dataDir().resolve("big.duckdb"), 20L * 1024 * 1024);
        String body = "{\"files\":[\"reflection.duckdb\",\"big.duckdb\"],\"conversation_count\":2}";

        JsonNode first = awaitDelivered(endSession("s3mock-e2e-1", body), Duration.ofSeconds(120));
        assertEquals("s3", first.get("delivered_via").asText());
        try (S3Client client = S3ProxyServer.client(s3.directEndpoint())) {
            Path restore = Files.createTempDirectory("s3mock-restore");
            UploadVerifier.verify(UploadVerifier.s3(client, S3Resource.BUCKET), first, restore);
            assertEquals(UploadVerifier.sha256(reflection), UploadVerifier.sha256(restore.resolve("reflection.duckdb")));
            assertTrue(file(first, "big.duckdb").get("parts").asInt() >= 2, "multipart upload used: " + first);

            JsonNode second = awaitDelivered(endSession("s3mock-e2e-2", body), Duration.ofSeconds(60));
            for (JsonNode file : second.get("files")) {
                assertEquals(0, file.get("parts").asInt(), "not sent again: " + file);
            }
            S3ProxyServer.deleteAll(client, S3Resource.BUCKET,
                    first.get("manifest_key").asText().replace("manifest.json", ""));
            Path again = Files.createTempDirectory("s3mock-restore-2");
            UploadVerifier.verify(UploadVerifier.s3(client, S3Resource.BUCKET), second, again);
            assertEquals(UploadVerifier.sha256(reflection), UploadVerifier.sha256(again.resolve("reflection.duckdb")));
            assertEquals(UploadVerifier.sha256(s3.dataDir().resolve("big.duckdb")),
                    UploadVerifier.sha256(again.resolve("big.duckdb")));
        }
    }

    private static JsonNode file(JsonNode sync, String name) {
        for (JsonNode f : sync.get("files")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError(name + " not in " + sync);
    }
}

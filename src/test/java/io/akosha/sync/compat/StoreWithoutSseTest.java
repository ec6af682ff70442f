package io.akosha.sync.compat;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.S3Fixture;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
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
 * A store without server-side encryption (S3Proxy's filesystem backend, which answers 501 to an SSE header) takes
 * the sync with {@code akosha.cloud.sse=none}: no SSE header is sent (the same store refuses one, see
 * {@link SseRefusedTest}), the objects read back byte for byte; a repeat of the session is copied inside the store
 * (CopyObject on the filesystem backend) and restores byte-exact once the first upload is deleted.
 */
@QuarkusTest
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = true, initArgs = {
    @ResourceArg(name = "backend", value = "filesystem"),
    @ResourceArg(name = "akosha.cloud.sse", value = "none")})
class StoreWithoutSseTest {

    @S3Fixture.Inject
    S3Fixture s3;

    @Test
    void sseNoneDeliversToAStoreWithoutEncryption() throws Exception {
        Path db = s3.dataDir().resolve("plain.duckdb");
        DuckDb.create(db, 5_000);
        String sha = UploadVerifier.sha256(db);
        JsonNode sync = awaitDelivered(endSession("no-sse-1", "{\"files\":[\"plain.duckdb\"]}"),
                Duration.ofSeconds(60));
        assertEquals("s3", sync.get("delivered_via").asText());
        Path restore = Files.createTempDirectory("restore-no-sse");
        try (S3Client client = S3ProxyServer.client(s3.directEndpoint())) {
            UploadVerifier.verify(UploadVerifier.s3(client, S3Resource.BUCKET), sync, restore);
        }
        assertEquals(sha, UploadVerifier.sha256(restore.resolve("plain.duckdb")));

        JsonNode repeat = awaitDelivered(endSession("no-sse-2", "{\"files\":[\"plain.duckdb\"]}"),
                Duration.ofSeconds(60));
        assertEquals(0, repeat.get("files").get(0).get("parts").asInt(), "copied, not sent: " + repeat);
        Path again = Files.createTempDirectory("restore-no-sse-2");
        try (S3Client client = S3ProxyServer.client(s3.directEndpoint())) {
            S3ProxyServer.deleteAll(client, S3Resource.BUCKET,
                    sync.get("manifest_key").asText().replace("manifest.json", ""));
            UploadVerifier.verify(UploadVerifier.s3(client, S3Resource.BUCKET), repeat, again);
        }
        assertEquals(sha, UploadVerifier.sha256(again.resolve("plain.duckdb")));
    }
}

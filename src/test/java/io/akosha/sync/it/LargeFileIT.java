package io.akosha.sync.it;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.S3Fixture;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The packaged sidecar (jar, or the native binary with -Dnative), started with a 64 MiB heap
 * ({@code quarkus.test.arg-line} in the pom) and {@code -XX:+ExitOnOutOfMemoryError}, delivers a 500 MB file:
 * memory does not grow with file size.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "heap", value = "2g"))
class LargeFileIT {

    static final long SIZE = 500L * 1000 * 1000;

    @S3Fixture.Inject
    S3Fixture s3;

    @Test
    void deliversA500MegabyteFileWithA64MegabyteHeap() throws Exception {
        Path big = s3.dataDir().resolve("reflection.duckdb");
        TestFiles.writePseudoRandom(big, SIZE);
        String expectedSha = UploadVerifier.sha256(big);

        long started = System.nanoTime();
        String syncId = endSession("large-500mb", "{\"files\":[\"reflection.duckdb\"]}");
        JsonNode sync = awaitDelivered(syncId, Duration.ofMinutes(10));
        long millis = (System.nanoTime() - started) / 1_000_000;
        JsonNode file = sync.get("files").get(0);
        System.out.printf("LargeFileIT: %d bytes delivered in %d ms (%.1f MB/s), stored %d bytes in %d parts%n",
                SIZE, millis, SIZE / 1e3 / millis, file.get("stored_bytes").asLong(), file.get("parts").asInt());

        assertEquals(SIZE, file.get("size").asLong());
        assertEquals(expectedSha, file.get("sha256").asText());
        assertTrue(file.get("parts").asInt() > 10, "multipart upload: " + file);
        try (S3Client client = S3ProxyServer.client(s3.directEndpoint())) {
            UploadVerifier.verify(UploadVerifier.s3(client, S3Resource.BUCKET), sync, null);
        }
        Files.delete(big);
    }
}

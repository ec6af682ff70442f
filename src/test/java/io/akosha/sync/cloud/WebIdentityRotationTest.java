package io.akosha.sync.cloud;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.AuditLog;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
import io.akosha.sync.support.TestFiles;
import io.akosha.sync.support.UploadVerifier;
import io.akosha.sync.support.WebIdentityResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Acceptance: credentials from a web-identity (IRSA) flow through a real STS-style endpoint, expiring again and
 * again while a large multipart upload runs. Each part the store refuses with 403 ExpiredToken is sent again
 * with refreshed credentials; the upload is delivered by the cloud path, in one attempt, without fallback.
 */
@QuarkusTest
@QuarkusTestResource(value = WebIdentityResource.class, restrictToAnnotatedClass = true)
class WebIdentityRotationTest {

    private static final long MIB = 1024 * 1024;

    @WebIdentityResource.Inject
    WebIdentityResource.Environment env;

    @Test
    void credentialsExpiringMidUploadAreRefreshedAndThePartsSentAgain() throws Exception {
        TestFiles.writePseudoRandom(env.dataDir().resolve("memory.duckdb"), 40 * MIB);
        int stsBefore = env.sts().calls();
        int refusedBefore = env.proxy().refused();
        env.proxy().throttle(4 * MIB); // about 1.3 s per 5 MiB part: every part outlives the 1 s token lifetime

        String syncId = endSession("irsa-rotation", "{\"files\":[\"memory.duckdb\"]}");
        JsonNode sync = awaitDelivered(syncId, Duration.ofMinutes(2));
        env.proxy().throttle(-1);

        int stsCalls = env.sts().calls() - stsBefore;
        int refused = env.proxy().refused() - refusedBefore;
        int parts = sync.get("files").get(0).get("parts").asInt();
        System.out.printf("WebIdentityRotationTest: %d parts, %d requests refused with ExpiredToken, %d STS calls%n",
                parts, refused, stsCalls);
        assertEquals("cloud", sync.get("method").asText(), sync.toString());
        assertEquals("s3", sync.get("delivered_via").asText());
        assertEquals(1, sync.get("attempts").asInt(), "one attempt: parts were retried, not the whole upload");
        assertTrue(env.receiver().requests().isEmpty(), "nothing went to the HTTP fallback");
        assertTrue(parts >= 3, "a multipart upload: " + parts);
        assertTrue(refused >= 2, "the store refused expired tokens mid-upload: " + refused);
        assertTrue(stsCalls >= 3, "credentials were refreshed several times: " + stsCalls);
        assertTrue(env.sts().problems().isEmpty(), env.sts().problems().toString());
        try (S3Client s3 = S3ProxyServer.client(env.directEndpoint())) {
            UploadVerifier.verify(UploadVerifier.s3(s3, S3Resource.BUCKET), sync, null);
        }

        List<JsonNode> audit = AuditLog.events();
        assertTrue(audit.stream().anyMatch(e -> e.get("event").asText().equals("credentials.source")
                && e.get("source").asText().equals("default-chain")), "credential source audited");
        assertTrue(audit.stream().filter(e -> e.get("event").asText().equals("credentials.refreshed")).count() >= 2,
                "refreshes audited");
        assertTrue(audit.stream().anyMatch(e -> e.get("event").asText().equals("upload")
                && e.get("outcome").asText().equals("success") && e.get("sync_id").asText().equals(syncId)),
                "upload audited");
    }
}

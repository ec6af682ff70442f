package io.akosha.sync.fallback;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.AuditLog;
import io.akosha.sync.support.DuckDb;
import io.akosha.sync.support.FallbackResource;
import io.akosha.sync.support.S3ProxyServer;
import io.akosha.sync.support.S3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** After repeated cloud failures the breaker opens: the next sync goes to HTTP without touching the store. */
@QuarkusTest
@TestProfile(CircuitBreakerTest.SmallWindow.class)
@QuarkusTestResource(value = FallbackResource.class, restrictToAnnotatedClass = true)
class CircuitBreakerTest {

    /** A breaker that opens after two failed uploads out of two, and stays open for a minute. */
    public static class SmallWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String breaker = "quarkus.fault-tolerance.\"io.akosha.sync.pipeline.CloudPath/upload\".circuit-breaker.";
            return Map.of(breaker + "request-volume-threshold", "2", breaker + "delay", "60");
        }
    }

    @FallbackResource.Inject
    FallbackResource.Environment env;

    @Test
    void openBreakerSendsStraightToHttp() throws Exception {
        for (String name : new String[] {"cb-1", "cb-2", "cb-3"}) {
            DuckDb.create(env.dataDir().resolve(name + ".duckdb"), 1_000);
        }
        env.proxy().refuse();
        try {
            for (String name : new String[] {"cb-1", "cb-2"}) {
                JsonNode sync = awaitDelivered(endSession(name, "{\"files\":[\"" + name + ".duckdb\"]}"),
                        Duration.ofSeconds(30));
                assertEquals("http", sync.get("method").asText());
            }
        } finally {
            env.proxy().restore();
        }
        // the store is back, but the breaker is open: no request reaches it for this sync
        JsonNode third = awaitDelivered(endSession("cb-3", "{\"files\":[\"cb-3.duckdb\"]}"), Duration.ofSeconds(30));
        assertEquals("http", third.get("method").asText());
        String prefix = "systems/" + third.get("system_id").asText() + "/" + third.get("upload_id").asText() + "/";
        try (S3Client s3 = S3ProxyServer.client(env.directEndpoint())) {
            assertTrue(s3.listObjectsV2(b -> b.bucket(S3Resource.BUCKET).prefix(prefix)).contents().isEmpty(),
                    "the open breaker kept the sync away from the store");
        }
        assertEquals(3, env.receiver().requests().size());
        // the open breaker's reason names the failure that opened it
        String syncId = third.get("sync_id").asText();
        String reason = AuditLog.events().stream()
                .filter(e -> "fallback.used".equals(e.path("event").asText()) && syncId.equals(e.path("sync_id").asText()))
                .map(e -> e.path("reason").asText()).findFirst().orElseThrow();
        assertEquals("cloud upload failed: circuit breaker open after repeated failures; last failure: storage "
                + "unreachable (ConnectException)", reason);
    }
}

package io.akosha.sync.fallback;

import static io.akosha.sync.support.SidecarApi.awaitDelivered;
import static io.akosha.sync.support.SidecarApi.endSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akosha.sync.support.FallbackResource;
import io.akosha.sync.support.IngestReceiver;
import io.akosha.sync.support.SidecarApi;
import io.akosha.sync.support.TestFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP fallback against a receiver that reads slowly (TCP pushes back on the sidecar) and one that stops
 * reading: an upload that makes progress is never cut, one that makes none fails after the idle timeout
 * ({@code akosha.fallback.idle-timeout}, 10 s here: it must cover the few MB the sockets' buffers hold while the
 * receiver drains them at 1 MB/s) with a message that says so. Vert.x must not report a blocked thread meanwhile.
 */
@QuarkusTest
@QuarkusTestResource(value = FallbackResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "akosha.fallback.idle-timeout", value = "10s")})
class SlowReceiverFallbackTest {

    private static final long MB = 1024 * 1024;
    /** Vert.x's blocked-thread checker logs here (event loop over 2 s, worker over 60 s). */
    private static final Logger CHECKER = Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker");

    @FallbackResource.Inject
    FallbackResource.Environment env;

    private final List<String> blocked = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            blocked.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        CHECKER.addHandler(recorder);
    }

    @AfterEach
    void heal() {
        CHECKER.removeHandler(recorder);
        env.receiver().readAt(-1);
        env.receiver().stopReadingAfter(-1);
        env.receiver().respondWith(200);
    }

    /** 100 MB (incompressible) read at 1 MB/s: ~100 s on the wire, far beyond the idle timeout, delivered in one go. */
    @Test
    void slowReceiverGetsAHundredMegabytesInOneUpload() throws Exception {
        TestFiles.writeIncompressible(env.dataDir().resolve("slow-100.duckdb"), 100 * MB);
        env.receiver().readAt(MB);
        long started = System.nanoTime();
        String syncId = endSession("slow-receiver", "{\"files\":[\"slow-100.duckdb\"],\"method\":\"http\"}");
        JsonNode sync = awaitDelivered(syncId, Duration.ofMinutes(5));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.println("SlowReceiverFallbackTest: 100 MB at 1 MB/s delivered over HTTP in " + seconds + " s");

        assertEquals("http", sync.get("method").asText());
        List<IngestReceiver.Request> requests = requestsFor(sync);
        assertEquals(1, requests.size(), "one upload, never cut: " + requests);
        assertTrue(requests.get(0).problems().isEmpty(), requests.get(0).problems().toString());
        assertTrue(seconds >= 90, "the receiver really read at 1 MB/s: " + seconds + " s");
        assertEquals(List.of(), blocked, "Vert.x reported no blocked thread");
    }

    @Test
    void receiverThatStopsReadingFailsAfterTheIdleTimeoutWithAClearReason() throws Exception {
        TestFiles.writeIncompressible(env.dataDir().resolve("stuck.duckdb"), 40 * MB);
        env.receiver().stopReadingAfter(2 * MB);
        String syncId = endSession("stuck-receiver", "{\"files\":[\"stuck.duckdb\"],\"method\":\"http\"}");
        JsonNode parked = SidecarApi.awaitStatus(syncId, "parked");
        String error = parked.get("error").asText();
        System.out.println("SlowReceiverFallbackTest: stopped receiver -> " + error);

        // chunked: the body's length is not known up front, only how far it got
        assertTrue(error.matches("HTTP fallback failed: timed out while sending after \\d+(\\.\\d)? MB: "
                + "no progress for 10 s"), error);
        List<IngestReceiver.Request> requests = requestsFor(parked);
        assertEquals(3, requests.size(), "the first attempt and the test profile's two retries: " + requests);
        assertEquals(List.of(), blocked, "Vert.x reported no blocked thread");
    }

    private List<IngestReceiver.Request> requestsFor(JsonNode sync) {
        String key = sync.get("system_id").asText() + "/" + sync.get("upload_id").asText();
        return env.receiver().requests().stream().filter(r -> key.equals(r.idempotencyKey())).toList();
    }
}

package io.akosha.sync.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link StreamingHttp} on real sockets: what it says when the receiver is not there. */
class StreamingHttpTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void refusedConnectionSaysSo() throws Exception {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }
        try (StreamingHttp http = new StreamingHttp(vertx, URI.create("http://127.0.0.1:" + port),
                Duration.ofSeconds(2), Duration.ofSeconds(5))) {
            MultipartBody body = new MultipartBody().inline("manifest", "manifest.json", "application/json",
                    "{}".getBytes());
            IngestFailedException e = assertThrows(IngestFailedException.class,
                    () -> http.post("/ingest/upload", Map.of(), body));
            assertEquals("Akosha ingestion unreachable: connection refused", e.getMessage());
        }
    }
}

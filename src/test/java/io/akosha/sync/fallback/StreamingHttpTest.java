package io.akosha.sync.fallback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamingHttp} on real sockets (a plain server socket on 127.0.0.1 that speaks just enough HTTP/1.1):
 * what it says when the receiver is not there, a chunked body arriving whole, an early answer stopping the body, and
 * a failure of the body's own.
 */
class StreamingHttpTest {

    private static final int MB = 1024 * 1024;

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
        try (StreamingHttp http = http(port)) {
            IngestFailedException e = assertThrows(IngestFailedException.class,
                    () -> http.post("/ingest/upload", Map.of(), new BytesBody("application/json", "{}".getBytes())));
            assertEquals("Akosha ingestion unreachable: connection refused", e.getMessage());
        }
    }

    /** 20 MB written in uneven pieces, of unknown length: sent chunked, received byte for byte. */
    @Test
    void bodyOfUnknownLengthIsSentChunkedAndArrivesWhole() throws Exception {
        byte[] payload = new byte[20 * MB + 123];
        new java.util.Random(7).nextBytes(payload);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                StreamingHttp http = http(server.getLocalPort())) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    String head = head(in);
                    assertTrue(head.toLowerCase().contains("transfer-encoding: chunked"), head);
                    byte[] body = dechunk(in);
                    socket.getOutputStream().write(("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n"
                            + "Connection: close\r\n\r\nok").getBytes(StandardCharsets.US_ASCII));
                    return body;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            StreamingHttp.Answer answer = http.post("/ingest/upload", Map.of(), body(out -> {
                for (int at = 0; at < payload.length; at += 777_777) {
                    out.write(payload, at, Math.min(777_777, payload.length - at));
                }
            }));
            assertEquals(201, answer.status());
            assertEquals("ok", answer.body().toString());
            assertArrayEquals(payload, received.get(30, TimeUnit.SECONDS));
        }
    }

    /**
     * A receiver that answers 401 as soon as it has the headers (and keeps draining, so the answer is not lost to a
     * reset): the endless body stops, and the answer is what the call returns.
     */
    @Test
    void earlyAnswerStopsTheBody() throws Exception {
        AtomicLong written = new AtomicLong();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                StreamingHttp http = http(server.getLocalPort())) {
            CompletableFuture<Void> receiver = CompletableFuture.runAsync(() -> {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    head(in);
                    socket.getOutputStream().write(("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    in.transferTo(OutputStream.nullOutputStream()); // until the sender closes
                } catch (IOException e) {
                    // the sender reset the connection: that is how it stops
                }
            });
            byte[] chunk = new byte[64 * 1024];
            StreamingHttp.Answer answer = http.post("/ingest/upload", Map.of(), body(out -> {
                while (written.get() < 10L * 1024 * MB) { // 10 GB: only an answer that stops the body ends this
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            }));
            assertEquals(401, answer.status());
            assertTrue(written.get() < 10L * 1024 * MB, "the body stopped after " + written.get() + " bytes");
            receiver.get(30, TimeUnit.SECONDS);
        }
    }

    /** The body failing (a staged file unreadable) resets the request, and its own exception is what is thrown. */
    @Test
    void failureOfTheBodyIsThrownAsItIs() throws Exception {
        IOException unreadable = new IOException("staged copy unreadable");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                StreamingHttp http = http(server.getLocalPort())) {
            CompletableFuture<Void> receiver = CompletableFuture.runAsync(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // reset by the sender
                }
            });
            IOException thrown = assertThrows(IOException.class, () -> http.post("/ingest/upload", Map.of(),
                    body(out -> {
                        out.write(new byte[3 * MB]);
                        throw unreadable;
                    })));
            assertSame(unreadable, thrown);
            receiver.get(30, TimeUnit.SECONDS);
        }
    }

    private StreamingHttp http(int port) {
        return new StreamingHttp(vertx, URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }

    @FunctionalInterface
    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static StreamedBody body(Writer writer) {
        return new StreamedBody() {
            @Override
            public String contentType() {
                return "application/octet-stream";
            }

            @Override
            public long length() {
                return -1;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                writer.write(out);
            }
        };
    }

    /** The request line and headers, up to the blank line. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the headers");
            }
            head.write(b);
            byte[] h = head.toByteArray();
            if (h.length >= 4 && Arrays.equals(h, h.length - 4, h.length, new byte[] {'\r', '\n', '\r', '\n'}, 0, 4)) {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
    }

    /** A chunked body (RFC 9112 section 7.1), without trailers. */
    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("closed in a chunk size");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
            if (size == 0) {
                in.readNBytes(2);
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            in.readNBytes(2);
        }
    }
}

package io.akosha.sync.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akosha.sync.support.LocalDirResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP layer refuses before any resource runs, sent as raw bytes on a real socket to the running sidecar:
 * each answer is problem+json (type, title, status, detail), and connections that never finish their request are
 * closed while the server keeps answering others.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalDirResource.class, restrictToAnnotatedClass = true)
class HttpEdgesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "akosha.data-dir")
    java.nio.file.Path dataDir;

    @Test
    void hundredMegabyteBodyIsRefusedWhileItIsStillBeingSent() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(ascii("POST /v1/sessions/s-huge/end HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 104857600\r\n\r\n"));
            // the client keeps sending, as curl does, and reads the answer only afterwards
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[1024 * 1024];
                Arrays.fill(chunk, (byte) ' ');
                try {
                    for (int i = 0; i < 100; i++) {
                        out.write(chunk);
                    }
                } catch (IOException closedAfterTheAnswer) {
                    // the sidecar may stop reading once it has answered; the answer is what counts
                }
            });
            Answer answer = Answer.read(socket.getInputStream());
            sending.join();
            answer.assertProblem(413, "larger than 65536 bytes");
        }
    }

    @Test
    void chunkedBodyGrowingPastTheLimitIsRefused() throws Exception {
        StringBuilder request = new StringBuilder("POST /v1/sessions/s-chunked/end HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 3; i++) {
            request.append("10000\r\n").append(" ".repeat(0x10000)).append("\r\n");
        }
        request.append("0\r\n\r\n");
        raw(request.toString()).assertProblem(413, "larger than 65536 bytes");
    }

    @Test
    void chunkedAndHttp2BodiesWithinTheLimitAreAccepted() throws Exception {
        java.nio.file.Files.write(dataDir.resolve("edges.duckdb"), new byte[4096]);
        String body = "{\"files\":[\"edges.duckdb\"]}";
        Answer chunked = raw("POST /v1/sessions/s-chunked-ok/end HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
        assertEquals(202, chunked.status, chunked.toString());
        // the JDK client upgrades to HTTP/2 (h2c), as the packaged-sidecar tests do
        java.net.http.HttpResponse<String> h2 = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(base.toURI().resolve("/v1/sessions/s-h2/end"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(202, h2.statusCode(), h2.body());
    }

    @Test
    void oneMegabyteHeaderIs431() throws Exception {
        raw("GET /v1/syncs HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(1024 * 1024) + "\r\n\r\n")
                .assertProblem(431, "headers are too large");
    }

    @Test
    void requestLineOverTheLimitIs414() throws Exception {
        raw("GET /v1/syncs/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .assertProblem(414, "request line is too long");
    }

    @Test
    void rawNulAndControlBytesInThePathAre400() throws Exception {
        raw("GET /v1/syncs/a\u0000b HTTP/1.1\r\nHost: x\r\n\r\n").assertProblem(400, "not a valid URI");
        raw("POST /v1/sessions/a\u0001b/end HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
                .assertProblem(400, "not a valid URI");
    }

    @Test
    void malformedHeadersAre400() throws Exception {
        raw("POST /v1/sessions/s-len/end HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
                .assertProblem(400, "not valid HTTP");
        raw("GET /v1/syncs HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n\r\n").assertProblem(400, "not valid HTTP");
    }

    @Test
    void validRequestsOnTheSameServerAreUntouched() throws Exception {
        Answer answer = raw("GET /q/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, answer.status, answer.toString());
    }

    @Test
    void connectionsThatNeverFinishTheirRequestAreClosedWhileOthersAreAnswered() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket socket = connect();
                socket.getOutputStream().write(ascii("POST /v1/sessions/slow-" + i + "/end HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nX-Slow: "));
                slow.add(socket);
            }
            // the server answers others meanwhile
            assertEquals(200, raw("GET /q/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status);
            // each slow one is closed by the server: its read ends, with nothing answered (the idle timeout is 10 s)
            await("slow connections closed").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                    .until(() -> slow.stream().allMatch(HttpEdgesTest::closedByServer));
            assertEquals(200, raw("GET /q/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private static boolean closedByServer(Socket socket) {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", base.getPort());
        socket.setSoTimeout(30_000);
        return socket;
    }

    /**
     * Sends {@code request} while reading the answer, as curl does: a server that answers before the request is
     * all sent (a 1 MB header) may close the connection under a client still writing, which then only fails its
     * write; the answer arrived before that.
     */
    private Answer raw(String request) throws IOException {
        try (Socket socket = connect()) {
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException closedWhileSending) {
                    // the answer is what the test reads
                }
            }, "raw-request-writer");
            writer.start();
            Answer answer = Answer.read(socket.getInputStream());
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** One HTTP/1.x answer: status line, headers, a body of Content-Length bytes. */
    private record Answer(int status, String head, String body) {

        static Answer read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed before an answer: " + head);
                }
                head.write(b);
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(headers.split(" ")[1]), headers, body);
        }

        void assertProblem(int expected, String detailPart) throws IOException {
            assertEquals(expected, status, toString());
            assertTrue(head.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"), head);
            JsonNode problem = JSON.readTree(body);
            assertEquals(expected, problem.path("status").asInt(), body);
            assertEquals("about:blank", problem.path("type").asText(), body);
            assertFalse(problem.path("title").asText().isEmpty(), body);
            assertTrue(problem.path("detail").asText().contains(detailPart), body);
            assertFalse(body.contains("Exception") || body.contains("\tat "), body);
        }
    }
}

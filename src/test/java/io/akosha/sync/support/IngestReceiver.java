package io.akosha.sync.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP receiver standing in for Akosha's ingestion endpoint ({@code POST /ingest/upload}) on
 * 127.0.0.1. It reads the body as the sidecar streams it (chunked transfer encoding, no Content-Length),
 * parses the multipart stream, checks the bearer token, the Idempotency-Key and the part order (one part per
 * file, then the manifest, last), decompresses every file and checks its SHA-256 and sizes against the manifest.
 * Every request is recorded, with when its first body byte came; the status it answers (after the checks) is set
 * by the test.
 */
public final class IngestReceiver implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PART_NAME = Pattern.compile("(?i)form-data;\\s*name=\"([^\"]*)\"");

    private final HttpServer server;
    private final String token;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile long readRate = -1;
    private volatile long stopReadingAfter = -1;
    private volatile CountDownLatch unstalled = new CountDownLatch(0);

    public IngestReceiver(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ingest-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/ingest/upload", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The status answered to the next requests (after the checks): 200, 409, 401, 503, ... */
    public void respondWith(int status) {
        this.status = status;
    }

    /** Reads request bodies at {@code bytesPerSecond} (a slow receiver; TCP pushes back on the sender); -1: full speed. */
    public void readAt(long bytesPerSecond) {
        this.readRate = bytesPerSecond;
    }

    /**
     * The next requests: after {@code bytes} of the body the receiver stops reading and never answers, until the
     * sender gives up and closes the connection; -1: off.
     */
    public void stopReadingAfter(long bytes) {
        this.stopReadingAfter = bytes;
        CountDownLatch previous = unstalled;
        unstalled = new CountDownLatch(bytes >= 0 ? 1 : 0);
        previous.countDown();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * One request as received.
     *
     * @param arrivedAt   when the request's headers came
     * @param firstByteAt when the first byte of its body came
     * @param problems    what failed the checks (empty: well-formed, authorised, every checksum right)
     * @param files       stored name to SHA-256 of the decompressed bytes
     */
    public record Request(Instant arrivedAt, Instant firstByteAt, String idempotencyKey, JsonNode manifest, Map<String, String> files,
            List<String> problems, int answered) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant arrived = Instant.now();
        List<String> problems = new ArrayList<>();
        JsonNode manifest = null;
        Map<String, String> files = new LinkedHashMap<>();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        Instant firstByte = null;
        try (InputStream body = exchange.getRequestBody()) {
            int first = body.read();
            firstByte = Instant.now();
            long stopAt = stopReadingAfter;
            if (stopAt >= 0) {
                body.readNBytes(new byte[(int) Math.min(stopAt, Integer.MAX_VALUE - 8)], 0, (int) stopAt);
                requests.add(new Request(arrived, firstByte, key, null, files, List.of("stopped reading"), -1));
                hold(exchange);
                return;
            }
            byte[] rest = readThrottled(body, readRate);
            byte[] bytes = new byte[first < 0 ? 0 : rest.length + 1];
            if (first >= 0) {
                bytes[0] = (byte) first;
                System.arraycopy(rest, 0, bytes, 1, rest.length);
            }
            if (!"chunked".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Transfer-Encoding"))
                    || exchange.getRequestHeaders().containsKey("Content-Length")) {
                problems.add("body not sent chunked: Transfer-Encoding "
                        + exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                problems.add("method " + exchange.getRequestMethod());
            }
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                problems.add("bad or missing bearer token");
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            List<Part> parts = parse(bytes, contentType);
            if (parts.isEmpty() || !parts.get(parts.size() - 1).name().equals("manifest")) {
                problems.add("last part is not the manifest: " + parts.stream().map(Part::name).toList());
            } else {
                manifest = MAPPER.readTree(parts.get(parts.size() - 1).body());
                JsonNode meta = manifest.get("metadata");
                String expectedKey = meta.get("system_id").asText() + "/" + meta.get("upload_id").asText();
                if (!expectedKey.equals(key)) {
                    problems.add("Idempotency-Key " + key + " is not " + expectedKey);
                }
                String format = manifest.path("compressed").asBoolean(true)
                        ? manifest.path("compression_format").asText("gzip") : "none";
                Map<String, long[]> sizes = new LinkedHashMap<>();
                for (Part part : parts.subList(0, parts.size() - 1)) {
                    CountingStream decoded = new CountingStream(UploadVerifier.decode(format,
                            new ByteArrayInputStream(part.body())));
                    files.put(part.name(), sha256(decoded));
                    sizes.put(part.name(), new long[] {decoded.count, part.body().length});
                }
                for (JsonNode f : meta.get("files")) {
                    String objectKey = f.get("object_key").asText();
                    String stored = objectKey.substring(objectKey.lastIndexOf('/') + 1);
                    if (!f.get("sha256").asText().equals(files.get(stored))) {
                        problems.add("SHA-256 of " + stored + " does not match the manifest");
                    }
                    long[] size = sizes.getOrDefault(stored, new long[] {-1, -1});
                    if (f.path("original_size").asLong(-2) != size[0]) {
                        problems.add("size of " + stored + " is " + size[0] + ", the manifest says "
                                + f.get("original_size"));
                    }
                    if (f.path("stored_size").asLong(-2) != size[1]) {
                        problems.add("stored size of " + stored + " is " + size[1] + ", the manifest says "
                                + f.get("stored_size"));
                    }
                }
                List<String> listed = new ArrayList<>();
                manifest.get("files").forEach(n -> listed.add(n.asText()));
                if (!listed.equals(new ArrayList<>(files.keySet()))) {
                    problems.add("parts " + files.keySet() + " are not the manifest's files " + listed);
                }
            }
        } catch (Exception e) {
            problems.add("unreadable request: " + e);
        }
        int answer = problems.isEmpty() ? status : 400;
        if (!problems.isEmpty()) {
            System.err.println("IngestReceiver refused a request: " + problems);
        }
        requests.add(new Request(arrived, firstByte, key, manifest, files, problems, answer));
        exchange.sendResponseHeaders(answer, -1);
        exchange.close();
    }

    /** Holds a request that stopped reading until {@link #stopReadingAfter}(-1) or {@link #close()}. */
    private void hold(HttpExchange exchange) {
        try {
            unstalled.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private static byte[] readThrottled(InputStream body, long rate) throws IOException {
        if (rate <= 0) {
            return body.readAllBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long started = System.nanoTime();
        int n;
        while ((n = body.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            long wait = started + out.size() * 1_000_000_000L / rate - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
        return out.toByteArray();
    }

    private record Part(String name, byte[] body) {
    }

    /** Counts the bytes read through it (the decompressed size of a part). */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** A small multipart/form-data parser (RFC 7578), enough for what the sidecar sends. */
    private static List<Part> parse(byte[] body, String contentType) {
        List<Part> parts = new ArrayList<>();
        if (contentType == null || !contentType.startsWith("multipart/form-data")) {
            return parts;
        }
        String boundary = contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "");
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int start = pos + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break; // closing delimiter
            }
            start += 2; // CRLF
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            String headers = new String(body, start, headersEnd - start, StandardCharsets.ISO_8859_1);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), headersEnd + 4);
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, next);
            Matcher name = PART_NAME.matcher(headers);
            if (!name.find()) {
                throw new IllegalArgumentException("part without a name: " + headers);
            }
            parts.add(new Part(name.group(1), content));
            pos = next + 2;
        }
        return parts;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[65536];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() {
        unstalled.countDown();
        server.stop(0);
    }
}

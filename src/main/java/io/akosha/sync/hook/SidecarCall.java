package io.akosha.sync.hook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls to the running sidecar's API: the hook's {@code POST /v1/sessions/{sessionId}/end}, {@code status}'s listings.
 * The JDK's HttpURLConnection: in a fresh JVM it answers in about a
 * tenth of the time java.net.http.HttpClient takes to start, and it adds little to the native image. Never through
 * a proxy: the sidecar listens on loopback.
 */
final class SidecarCall {

    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private SidecarCall() {
    }

    /**
     * Posts {@code body}; {@code timeout} bounds the connect and each read (the caller holds the overall budget).
     * Throws what the connection threw: refused, timed out, unknown host.
     */
    static SidecarAnswer post(URI base, String sessionId, byte[] body, ApiToken token, Duration timeout)
            throws IOException {
        // not streamed: in streaming mode a 401 answer comes without its body (the reason); the body is small,
        // and if the JDK sends it again on a broken connection the sidecar takes it as the same session end
        Exchange answer = exchange(URI.create(root(base) + "/v1/sessions/" + pathSegment(sessionId) + "/end"),
                body, token, timeout, MAX_ANSWER_BYTES);
        return SidecarAnswer.of(answer.status(), answer.reason(), answer.retryAfter(), answer.body());
    }

    /** {@code GET pathAndQuery} (which starts with {@code /}); the answer's body up to {@code maxBytes}. */
    static Exchange get(URI base, String pathAndQuery, ApiToken token, Duration timeout, int maxBytes)
            throws IOException {
        return exchange(URI.create(root(base) + pathAndQuery), null, token, timeout, maxBytes);
    }

    /** One request and its answer; a POST when {@code body} is not null, else a GET. */
    private static Exchange exchange(URI uri, byte[] body, ApiToken token, Duration timeout, int maxBytes)
            throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        try {
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setRequestMethod(body == null ? "GET" : "POST");
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json, application/problem+json");
            if (token.bearer() != null) {
                connection.setRequestProperty("Authorization", token.bearer());
            }
            if (body != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            InputStream answer = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            String text = "";
            if (answer != null) {
                try (answer) {
                    text = new String(answer.readNBytes(maxBytes), StandardCharsets.UTF_8);
                }
            }
            return new Exchange(status, connection.getResponseMessage(), connection.getHeaderField("Retry-After"),
                    text);
        } finally {
            connection.disconnect();
        }
    }

    private static String root(URI base) {
        return base.toString().replaceAll("/+$", "");
    }

    /** The status line, the {@code Retry-After} header and the body of an answer. */
    record Exchange(int status, String reason, String retryAfter, String body) {
    }

    /** Percent-encodes every byte but RFC 3986's unreserved characters, '.' too: no id turns into a path step. */
    static String pathSegment(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}

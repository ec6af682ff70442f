package io.akosha.sync.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An STS endpoint on 127.0.0.1 that answers {@code AssumeRoleWithWebIdentity} (the call behind IRSA) as AWS
 * does, for one role and one web-identity token. Each call issues the given key pair (S3Proxy knows only one)
 * with a new session token, and records when it was issued, so a store in front of S3Proxy can refuse session
 * tokens that are unknown or older than their lifetime ({@link #expired}).
 */
public final class FakeSts implements AutoCloseable {

    private final HttpServer server;
    private final String roleArn;
    private final String webIdentityToken;
    private final String accessKey;
    private final String secretKey;
    private final Duration lifetime;
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    public FakeSts(String roleArn, String webIdentityToken, String accessKey, String secretKey, Duration lifetime)
            throws IOException {
        this.roleArn = roleArn;
        this.webIdentityToken = webIdentityToken;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.lifetime = lifetime;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Session tokens issued so far. */
    public int calls() {
        return issued.size();
    }

    /** Requests that were not a valid AssumeRoleWithWebIdentity for the role and token. */
    public List<String> problems() {
        return problems;
    }

    /** Whether a session token is unknown or older than its lifetime. */
    public boolean expired(String sessionToken) {
        Instant at = sessionToken == null ? null : issued.get(sessionToken);
        return at == null || at.plus(lifetime).isBefore(Instant.now());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String problem = null;
            if (!"POST".equals(exchange.getRequestMethod())) {
                problem = "method " + exchange.getRequestMethod();
            } else if (!"AssumeRoleWithWebIdentity".equals(form.get("Action"))) {
                problem = "action " + form.get("Action");
            } else if (!roleArn.equals(form.get("RoleArn"))) {
                problem = "role " + form.get("RoleArn");
            } else if (!webIdentityToken.equals(form.get("WebIdentityToken"))) {
                problem = "web identity token does not match the token file";
            }
            if (problem != null) {
                problems.add(problem);
                respond(exchange, 400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>"
                        + "<Message>refused</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
                return;
            }
            String sessionToken = "fake-session-" + UUID.randomUUID();
            issued.put(sessionToken, Instant.now());
            // the SDK is told the usual 15 minutes; the store refuses the token much earlier (see expired())
            Instant expiration = Instant.now().plus(15, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            respond(exchange, 200, "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<AssumeRoleWithWebIdentityResult>"
                    + "<SubjectFromWebIdentityToken>system:serviceaccount:akosha:session-buddy</SubjectFromWebIdentityToken>"
                    + "<Audience>sts.amazonaws.com</Audience>"
                    + "<AssumedRoleUser><Arn>" + roleArn.replace(":iam:", ":sts:").replace(":role/", ":assumed-role/")
                    + "/" + form.get("RoleSessionName") + "</Arn><AssumedRoleId>AROAFAKE:" + form.get("RoleSessionName")
                    + "</AssumedRoleId></AssumedRoleUser>"
                    + "<Credentials><SessionToken>" + sessionToken + "</SessionToken><SecretAccessKey>" + secretKey
                    + "</SecretAccessKey><Expiration>" + expiration + "</Expiration><AccessKeyId>" + accessKey
                    + "</AccessKeyId></Credentials><Provider>127.0.0.1</Provider>"
                    + "</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
                    + "</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>");
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

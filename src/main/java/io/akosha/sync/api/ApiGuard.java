package io.akosha.sync.api;

import io.akosha.sync.digest.Digests;
import io.akosha.sync.redact.Redactor;
import io.akosha.sync.audit.Audit;
import io.akosha.sync.problem.ProblemMappers;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the event API ({@code /v1/*}) before any resource runs, in this order: a rate limit per client address
 * ({@code 429} with {@code Retry-After}) and, when {@code akosha.api.token} is set, the bearer token ({@code 401}
 * with {@code WWW-Authenticate: Bearer}), compared in constant time ({@link BodyLimit} has refused oversized bodies
 * before). Answers are generic problem+json; the reason goes to the audit log. {@code /q/*} (health, metrics) is not
 * a REST resource and is not affected.
 */
@ApplicationScoped // a client proxy: built at the first request, when the runtime configuration is there
public class ApiGuard {

    /** Name of the bearer scheme in the OpenAPI document (declared on {@code SessionResource}). */
    public static final String SECURITY_SCHEME = "bearer";
    static final String REALM = "Bearer realm=\"akosha-sync\"";

    private final Audit audit;
    private final RateLimiter limiter;
    private final byte[] tokenDigest;

    public ApiGuard(ApiConfig config, Audit audit) {
        this.audit = audit;
        this.limiter = new RateLimiter(config.rateLimit(), config.rateBurst());
        this.tokenDigest = config.token().filter(t -> !t.isBlank()).map(ApiGuard::sha256).orElse(null);
    }

    @ServerRequestFilter(preMatching = true)
    public Response guard(ContainerRequestContext context, HttpServerRequest request) {
        String path = context.getUriInfo().getPath();
        if (!path.startsWith("/v1")) {
            return null;
        }
        String client = client(request);
        if (limiter.enabled()) {
            long wait = limiter.acquire(client, System.nanoTime());
            if (wait > 0) {
                audit.record("api.rate_limited", "failure", "client", client, "method", context.getMethod(),
                        "path", Redactor.printable(path));
                return ProblemMappers.response(429, "Too Many Requests",
                        "Too many requests from this client; retry later", path)
                        .header(HttpHeaders.RETRY_AFTER, wait).build();
            }
        }
        if (tokenDigest == null) {
            return null;
        }
        String authorization = context.getHeaderString(HttpHeaders.AUTHORIZATION);
        String reason = check(authorization);
        if (reason != null) {
            audit.record("api.auth", "failure", "client", client, "method", context.getMethod(),
                    "path", Redactor.printable(path), "reason", reason);
            String challenge = authorization == null ? REALM : REALM + ", error=\"invalid_token\"";
            return ProblemMappers.response(401, "Unauthorized", "Authentication required", path)
                    .header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
        }
        audit.record("api.auth", "success", "client", client, "method", context.getMethod(), "path",
                Redactor.printable(path));
        return null;
    }

    /** Why the Authorization header does not authenticate, or null when it does. */
    private String check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return "no Authorization header";
        }
        int space = authorization.indexOf(' ');
        if (space < 0 || !authorization.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return "Authorization is not a bearer token";
        }
        byte[] presented = sha256(authorization.substring(space + 1).strip());
        // digests of equal length, compared without an early exit: the time says nothing about the token
        return MessageDigest.isEqual(presented, tokenDigest) ? null : "wrong bearer token";
    }

    private static String client(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }

    private static byte[] sha256(String value) {
        return Digests.sha256().digest(value.getBytes(StandardCharsets.UTF_8));
    }
}

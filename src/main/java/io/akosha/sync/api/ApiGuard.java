package io.akosha.sync.api;

import io.akosha.sync.redact.Redactor;
import io.akosha.sync.audit.Audit;
import io.akosha.sync.problem.ProblemMappers;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
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
    static final String REALM = BearerToken.REALM;

    private final Audit audit;
    private final RateLimiter limiter;
    private final BearerToken token;

    public ApiGuard(ApiConfig config, Audit audit, BearerToken token) {
        this.audit = audit;
        this.limiter = new RateLimiter(config.rateLimit(), config.rateBurst());
        this.token = token;
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
        if (!token.required()) {
            return null;
        }
        String authorization = context.getHeaderString(HttpHeaders.AUTHORIZATION);
        String reason = token.problem(authorization);
        if (reason != null) {
            audit.record("api.auth", "failure", "client", client, "method", context.getMethod(),
                    "path", Redactor.printable(path), "reason", reason);
            String challenge = BearerToken.challenge(authorization);
            return ProblemMappers.response(401, "Unauthorized", "Authentication required", path)
                    .header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
        }
        audit.record("api.auth", "success", "client", client, "method", context.getMethod(), "path",
                Redactor.printable(path));
        return null;
    }

    private static String client(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }
}

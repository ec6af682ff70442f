package io.akosha.sync.assistant;

import io.akosha.sync.api.BearerToken;
import io.akosha.sync.audit.Audit;
import io.akosha.sync.problem.RawProblem;
import io.akosha.sync.redact.Redactor;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The MCP endpoint ({@code /mcp}, and the legacy SSE transport under it) takes the API's bearer token: when
 * {@code akosha.api.token} is set, a request without {@code Authorization: Bearer <token>} gets 401 problem+json with
 * {@code WWW-Authenticate: Bearer}, before the extension reads its body. The check is the API's own
 * ({@link BearerToken}, constant time); each decision goes to the audit log ({@code mcp.auth}), never the token. The
 * extension's routes are Vert.x routes, not JAX-RS resources, so the API's request filter does not see them.
 */
@ApplicationScoped
public class McpGuard {

    /** The extension's {@code quarkus.mcp.server.http.root-path}, as application.properties sets it. */
    static final String ROOT = "/mcp";

    private final BearerToken token;
    private final Audit audit;

    public McpGuard(BearerToken token, Audit audit) {
        this.token = token;
        this.audit = audit;
    }

    void install(@Observes Router router) {
        // after BodyLimit's check of the announced length, before the extension's routes and their body handler
        router.route(ROOT + "*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::guard);
    }

    private void guard(RoutingContext context) {
        if (!token.required()) {
            context.next();
            return;
        }
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        String reason = token.problem(authorization);
        String path = Redactor.printable(context.normalizedPath());
        String method = context.request().method().name();
        if (reason == null) {
            audit.record("mcp.auth", "success", "client", client(context), "method", method, "path", path);
            context.next();
            return;
        }
        audit.record("mcp.auth", "failure", "client", client(context), "method", method, "path", path,
                "reason", reason);
        context.response().putHeader("WWW-Authenticate", BearerToken.challenge(authorization));
        RawProblem.send(context.response(), 401, "Unauthorized", "Authentication required", false);
    }

    private static String client(RoutingContext context) {
        SocketAddress remote = context.request().remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }
}

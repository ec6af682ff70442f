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
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Guards the MCP endpoint ({@code /mcp}, and the legacy SSE transport under it) in two steps. First the
 * {@code Origin}: MCP's streamable HTTP transport requires servers to check it against DNS rebinding (a web page
 * whose host name turns into 127.0.0.1 would otherwise reach the tools from the user's browser), so a request with an
 * {@code Origin} whose host is not a loopback name or address gets 403 problem+json; MCP clients that are not
 * browsers (Claude Code) send none. Then the API's bearer token: when
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

    /** Hosts of the origins a browser on this machine may call the tools from (the sidecar binds loopback). */
    static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    void install(@Observes Router router) {
        // after BodyLimit's check of the announced length, before the extension's routes and their body handler
        router.route(ROOT + "*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::guard);
    }

    private void guard(RoutingContext context) {
        String origin = context.request().getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !loopback(origin)) {
            audit.record("mcp.origin", "failure", "client", client(context), "method", context.request().method().name(),
                    "path", Redactor.printable(context.normalizedPath()), "origin", Redactor.printable(origin));
            RawProblem.send(context.response(), 403, "Forbidden",
                    "Requests from a web page of another host are refused (Origin)", false);
            return;
        }
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

    /** Whether the origin is {@code http(s)://} a loopback host (any port). {@code null} and the like are not. */
    static boolean loopback(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && LOOPBACK.contains(host);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String client(RoutingContext context) {
        SocketAddress remote = context.request().remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }
}

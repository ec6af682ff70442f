package io.akosha.sync.api;

import io.akosha.sync.problem.RawProblem;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Bodies up to {@code akosha.api.max-body-size}, and 413 problem+json above it (Quarkus' own limits answer a bare 413):
 * <ul>
 * <li>a body announced larger (Content-Length) is refused on every path before anything reads it; the rest of it is
 * read and dropped for at most {@value #LINGER_MILLIS} ms, so that a client still sending gets to read the answer
 * instead of a connection reset, then the connection is closed (at once when the body ends);</li>
 * <li>an HTTP/1.1 body without a length (chunked) on the API ({@code /v1/*}) is read by Vert.x' {@link BodyHandler}
 * before the resource runs and refused once it grows past the limit. (Not for HTTP/2, where the REST layer cannot
 * take a body read before it; nor with a Content-Length, refused above or read by the REST layer.)</li>
 * </ul>
 */
@ApplicationScoped
public class BodyLimit {

    static final long LINGER_MILLIS = 5_000;

    private final ApiConfig config;
    private final Vertx vertx;

    public BodyLimit(ApiConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
        BodyHandler chunked = BodyHandler.create(false).setBodyLimit(config.maxBodySize());
        router.route("/v1/*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(context -> {
            if (context.request().version() != HttpVersion.HTTP_2 && announced(context.request()) < 0) {
                chunked.handle(context);
            } else {
                context.next();
            }
        }).failureHandler(this::tooLarge);
    }

    private void tooLarge(RoutingContext context) {
        if (context.statusCode() != 413 || context.response().headWritten()) {
            context.next();
            return;
        }
        RawProblem.send(context.response(), 413, "Content Too Large",
                "The body is larger than " + config.maxBodySize() + " bytes", true);
    }

    private void check(RoutingContext context) {
        if (announced(context.request()) <= config.maxBodySize()) {
            context.next();
            return;
        }
        HttpServerRequest request = context.request();
        HttpConnection connection = request.connection();
        long linger = vertx.setTimer(LINGER_MILLIS, id -> connection.close());
        request.handler(dropped -> { });
        request.endHandler(end -> {
            vertx.cancelTimer(linger);
            connection.close(); // refused: the client opens a new connection for its next request
        });
        RawProblem.send(context.response(), 413, "Content Too Large",
                "The body is larger than " + config.maxBodySize() + " bytes", false);
    }

    /** The Content-Length, or -1 without one (the codec has already refused one that is not a number). */
    private static long announced(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

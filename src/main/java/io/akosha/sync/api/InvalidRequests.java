package io.akosha.sync.api;

import io.akosha.sync.problem.RawProblem;
import io.netty.handler.codec.TooLongFrameException;
import io.quarkus.vertx.VertxOptionsCustomizer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Answers requests the HTTP codec could not decode (a request line over {@code quarkus.http.limits.max-initial-line-
 * length}: 414; headers over {@code max-header-size}: 431; a NUL or another byte HTTP forbids in the request line or
 * a header, a bad Content-Length: 400; a target that is no URI, such as one with a raw NUL: 400) with problem+json
 * instead of a bare status or a silently closed connection, and closes the connection soon after. Such requests reach
 * no route: Vert.x hands what it cannot decode to the server's {@code invalidRequestHandler}, which Quarkus 3.31 neither sets
 * nor exposes, and Quarkus answers a target that is no URI before its router. Vert.x reports every decoded request to
 * the tracer SPI before it picks the handler, so a tracer (it traces nothing) hands such a request to this class
 * instead, on its connection. Valid requests are not touched.
 */
@Singleton
public class InvalidRequests implements VertxOptionsCustomizer {

    static final long LINGER_MILLIS = 2_000;

    @Override
    public void accept(VertxOptions options) {
        options.setTracingOptions(new TracingOptions().setFactory(tracingOptions -> new Hook()));
    }

    static void answer(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        if (cause instanceof TooLongFrameException && message.startsWith("An HTTP line is larger than")) {
            refuse(request, 414, "URI Too Long", "The request line is too long");
        } else if (cause instanceof TooLongFrameException && message.startsWith("HTTP header is larger than")) {
            refuse(request, 431, "Request Header Fields Too Large", "The request headers are too large");
        } else {
            refuse(request, 400, "Bad Request", "The request is not valid HTTP (request line or headers)");
        }
    }

    static void badTarget(HttpServerRequest request) {
        refuse(request, 400, "Bad Request",
                "The request target is not a valid URI (control character, space or other forbidden byte)");
    }

    /**
     * Answers, then closes the connection {@value #LINGER_MILLIS} ms later: the codec drops whatever else arrives
     * meanwhile, so a client still sending (a 1 MB header) gets to read the answer instead of a connection reset.
     */
    private static void refuse(HttpServerRequest request, int status, String title, String detail) {
        HttpConnection connection = request.connection();
        RawProblem.send(request.response(), status, title, detail, false);
        Vertx.currentContext().owner().setTimer(LINGER_MILLIS, id -> connection.close());
    }

    /** As Quarkus decides that a target is answered a bare 400 before any route. */
    static boolean validTarget(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Sees each request once its head is decoded, before Vert.x picks the handler for it. */
    private static final class Hook implements VertxTracer<Object, Object> {

        @Override
        public <R> Object receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request,
                String operation, Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tagExtractor) {
            if (request instanceof HttpServerRequest http
                    && http.connection() instanceof HttpServerConnection connection) {
                if (http.decoderResult().isFailure()) {
                    connection.invalidRequestHandler(InvalidRequests::answer);
                } else if (!validTarget(http.uri())) {
                    // this connection is closed after the answer: it needs Quarkus' handler no more
                    connection.handler(InvalidRequests::badTarget);
                }
            }
            return null;
        }
    }
}

package io.akosha.sync.problem;

import io.akosha.sync.redact.Redactor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * A problem+json answer written straight on the HTTP response, for what the HTTP layer refuses before any JAX-RS
 * resource or mapper runs (malformed requests, oversized bodies). Same body as {@link ProblemMappers#response}.
 */
public final class RawProblem {

    private RawProblem() {
    }

    /** Ends {@code response} with the problem; {@code close} asks the client to open a new connection. */
    public static void send(HttpServerResponse response, int status, String title, String detail, boolean close) {
        String body = new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", Redactor.redact(detail)).encode();
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        response.end(body);
    }
}

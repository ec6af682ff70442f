package io.akosha.sync.problem;

import java.time.Duration;

/** Refuses a request with a problem+json answer. The message is shown to the client as {@code detail}. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final Duration retryAfter;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    private ProblemException(int status, String title, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfter;
    }

    /** 503: the sidecar cannot take the request now (queue full, stopping); the client tries again later. */
    public static ProblemException unavailable(String detail, Duration retryAfter) {
        return new ProblemException(503, "Service Unavailable", detail, retryAfter);
    }

    /** 507: the spool has no room for the snapshot or the journal record. */
    public static ProblemException insufficientStorage(String detail, Duration retryAfter) {
        return new ProblemException(507, "Insufficient Storage", detail, retryAfter);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, "Unprocessable Content", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** When the client should try again ({@code Retry-After}); null when there is nothing to wait for. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

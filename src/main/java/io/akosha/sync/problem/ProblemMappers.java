package io.akosha.sync.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.akosha.sync.redact.Redactor;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure of the API into {@code application/problem+json}; details of 5xx stay in the log. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.status(), e.title(), e.getMessage(), uri);
        if (e.retryAfter() != null) {
            response.getHeaders().putSingle("Retry-After", Math.max(1, e.retryAfter().toSeconds()));
        }
        return response;
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return respond(400, "Bad Request", describe(e), uri);
    }

    /** Wins over Quarkus' built-in mapper for the same type, which answers plain JSON. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response wrongShape(MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri); // the JSON reader wraps parse failures
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        String detail = status >= 500 ? null : title;
        if (status == 404) {
            detail = "No such resource";
        } else if (status == 405) {
            detail = "Method not allowed on this resource";
        } else if (status == 415) {
            detail = "Send the body as application/json";
        }
        return respond(status, title, detail, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "Unexpected failure on %s", uri.getPath());
        return respond(500, "Internal Server Error", "The sidecar failed to handle the request; see its log", uri);
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch) {
            String field = lastField(mismatch.getPath());
            if (field != null) {
                return "Field '" + field + "' has the wrong type";
            }
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
                return "The body has content after the JSON value";
            }
            return "The body does not have the expected shape";
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                && e.getProcessor() instanceof JsonParser parser) {
            return "Field '" + Redactor.printable(currentName(parser)) + "' is given more than once";
        }
        return "The body is not valid JSON";
    }

    /** The innermost named field of a path ({@code files} for {@code files[1]}), or null at the top level. */
    private static String lastField(List<JsonMappingException.Reference> path) {
        for (int i = path.size() - 1; i >= 0; i--) {
            if (path.get(i).getFieldName() != null) {
                return path.get(i).getFieldName();
            }
        }
        return null;
    }

    private static String currentName(JsonParser parser) {
        try {
            return parser.currentName();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static Response respond(int status, String title, String detail, UriInfo uri) {
        return response(status, title, detail, uri == null ? null : uri.getPath()).build();
    }

    /** A problem+json answer; the detail and instance are passed through the {@link Redactor} on the way out. */
    public static Response.ResponseBuilder response(int status, String title, String detail, String path) {
        Problem body = new Problem("about:blank", title, status, Redactor.redact(detail),
                path == null ? null : Redactor.redact(Redactor.printable(path)));
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body);
    }
}

package io.akosha.sync.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
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
            String field = mismatch.getPath().isEmpty() ? null
                    : mismatch.getPath().get(mismatch.getPath().size() - 1).getFieldName();
            if (field != null) {
                return "Field '" + field + "' has the wrong type";
            }
            return "The body does not have the expected shape";
        }
        return "The body is not valid JSON";
    }

    static Response respond(int status, String title, String detail, UriInfo uri) {
        Problem body = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}

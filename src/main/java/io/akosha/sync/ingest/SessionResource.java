package io.akosha.sync.ingest;

import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Entry point of session-buddy's end-of-session hook. */
@Path("/v1/sessions")
public class SessionResource {

    private final SyncAcceptor acceptor;

    public SessionResource(SyncAcceptor acceptor) {
        this.acceptor = acceptor;
    }

    /** Answers 202 once the event is durable; the upload happens in the background. */
    @POST
    @Path("/{sessionId}/end")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Response end(@PathParam("sessionId") String sessionId, SessionEndRequest request) {
        SyncRegistry.Accepted accepted = acceptor.accept(sessionId, request);
        SyncRecord sync = accepted.record();
        return Response.accepted(new Acceptance(sync.syncId(), sync.uploadId(), sync.status().wireName()))
                .location(URI.create("/v1/syncs/" + sync.syncId()))
                .build();
    }

    /** Body of the 202 answer. */
    @RegisterForReflection
    public record Acceptance(String syncId, String uploadId, String status) {
    }
}

package io.akosha.sync.ingest;

import io.akosha.sync.api.ApiGuard;
import io.akosha.sync.api.StrictJson;
import io.akosha.sync.problem.Problem;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.smallrye.common.annotation.NonBlocking;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Entry point of session-buddy's end-of-session hook. */
@SecurityScheme(securitySchemeName = ApiGuard.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Required on /v1/* when akosha.api.token is set (the same token); not otherwise")
@SecurityRequirement(name = ApiGuard.SECURITY_SCHEME)
@APIResponse(responseCode = "401", description = "akosha.api.token is set and the bearer token is missing or wrong",
        headers = @Header(name = "WWW-Authenticate", description = "Bearer realm=\"akosha-sync\""),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "413", description = "Body larger than akosha.api.max-body-size",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "415", description = "Body that is not application/json",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "429", description = "Above akosha.api.rate-limit for this client",
        headers = @Header(name = "Retry-After", description = "Seconds to wait"),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
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
    @CustomDeserialization(StrictJson.class)
    @Operation(summary = "A session ended: sync its memory",
            description = "Answers 202 as soon as the event is on the sidecar's disk (journal append + fsync); "
                    + "snapshot and upload happen in the background. Repeating the same session end with its files "
                    + "unchanged returns the same sync (repeat_of) and uploads nothing twice; a session that ends "
                    + "again after its files changed (size, modification time or inode) gets a new sync with a new "
                    + "upload id (previous_sync_id).")
    @APIResponse(responseCode = "202", description = "Accepted; Location points at the sync",
            headers = @Header(name = "Location", description = "/v1/syncs/{syncId}"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Acceptance.class),
                    examples = @ExampleObject(name = "accepted", value = "{\"sync_id\":\"6f1c2a4e-6d0b-4c1e-9a55-"
                            + "0c7f2b9d1e42\",\"upload_id\":\"20261121T101500Z_session-42\",\"status\":\"queued\"}")))
    @APIResponse(responseCode = "400", description = "Malformed body (also: a key given twice, a value of "
            + "another JSON type than the field's, content after the JSON), bad id, file name or method",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "A named file is missing or leaves the data directory",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Too many syncs pending (akosha.intake.max-pending) or the "
            + "sidecar is stopping; nothing was recorded, send again after Retry-After",
            headers = @Header(name = "Retry-After", description = "seconds"),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "507", description = "The spool cannot hold the snapshot (or the journal record); "
            + "nothing was recorded, send again after Retry-After",
            headers = @Header(name = "Retry-After", description = "seconds"),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @NonBlocking // the body is read already (BodyLimit); the journal append runs on SyncAcceptor's threads
    public CompletionStage<Response> end(
            @Parameter(description = "Session id: ^[A-Za-z0-9_.-]{1,128}$ without '..' (Claude Code's UUIDs, "
                    + "session-buddy's {project}-{date}-{time})", example = "my.project-20261201-185000")
            @PathParam("sessionId") String sessionId,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SessionEndRequest.class),
                    examples = @ExampleObject(name = "files", value = "{\"reason\":\"exit\",\"cwd\":\"/home/me/my.project\","
                            + "\"conversation_count\":12,\"method\":\"auto\"}")))
            SessionEndRequest request, @Context UriInfo uri) {
        URI base = uri.getBaseUri(); // here: the answer may be built on another thread, outside the request
        CompletableFuture<Response> response = new CompletableFuture<>();
        acceptor.accept(sessionId, request).whenComplete((accepted, failed) -> {
            try {
                if (failed != null) {
                    response.completeExceptionally(failed); // as thrown, for the problem mappers
                } else {
                    response.complete(accepted(accepted, base));
                }
            } catch (RuntimeException e) {
                response.completeExceptionally(e);
            }
        });
        return response;
    }

    private static Response accepted(SyncRegistry.Accepted accepted, URI base) {
        SyncRecord sync = accepted.record();
        String previous = sync.sessionEnd() == null ? null : sync.sessionEnd().previousSyncId();
        return Response.accepted(new Acceptance(sync.syncId(), sync.uploadId(), sync.status().wireName(),
                        accepted.created() ? null : sync.syncId(), accepted.created() ? previous : null))
                .location(base.resolve("v1/syncs/" + sync.syncId()))
                .build();
    }

    /**
     * Body of the 202 answer.
     *
     * @param repeatOf       set when this session end repeats an earlier one (same files, unchanged): the sync it
     *                       repeats, which is the one answered; nothing new is uploaded
     * @param previousSyncId set when the session ended before and its files changed since: the earlier sync this new
     *                       one follows
     */
    @RegisterForReflection
    public record Acceptance(String syncId, String uploadId, String status,
            @JsonInclude(JsonInclude.Include.NON_NULL) String repeatOf,
            @JsonInclude(JsonInclude.Include.NON_NULL) String previousSyncId) {
    }
}

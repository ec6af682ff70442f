package io.akosha.sync.ingest;

import io.akosha.sync.redact.Redactor;
import io.akosha.sync.pipeline.Parking;
import io.akosha.sync.api.ApiGuard;
import io.akosha.sync.problem.Problem;
import io.akosha.sync.problem.ProblemException;
import io.akosha.sync.sync.SyncRecord;
import io.akosha.sync.sync.SyncRegistry;
import io.akosha.sync.sync.SyncStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** State of the syncs. */
@SecurityRequirement(name = ApiGuard.SECURITY_SCHEME)
@APIResponse(responseCode = "401", description = "akosha.api.token is set and the bearer token is missing or wrong",
        headers = @Header(name = "WWW-Authenticate", description = "Bearer realm=\"akosha-sync\""),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "429", description = "Above akosha.api.rate-limit for this client",
        headers = @Header(name = "Retry-After", description = "Seconds to wait"),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Path("/v1/syncs")
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

    static final int MAX_PAGE_SIZE = 500;

    private final SyncRegistry registry;
    private final Parking parking;

    public SyncResource(SyncRegistry registry, Parking parking) {
        this.registry = registry;
        this.parking = parking;
    }

    @GET
    @Path("/{syncId}")
    @Operation(summary = "State of one sync", description = "Status, method, attempts, per-file name, size, "
            + "SHA-256, stored bytes and object key, timestamps and the last (sanitised) error.")
    @APIResponse(responseCode = "200", description = "The sync",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SyncView.class)))
    @APIResponse(responseCode = "404", description = "No such sync",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SyncView get(@PathParam("syncId") String syncId) {
        return registry.get(syncId).map(SyncView::of).orElseThrow(() -> unknown(syncId));
    }

    /** Newest first; {@code page} counts from 0. */
    @GET
    @Operation(summary = "Syncs, newest first, paged")
    @APIResponse(responseCode = "200", description = "One page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SyncPage.class)))
    @APIResponse(responseCode = "400", description = "Unknown status or bad paging",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SyncPage list(@QueryParam("status") String status, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        SyncStatus filter = null;
        if (status != null && !status.isEmpty()) {
            filter = SyncStatus.fromWire(status);
            if (filter == null) {
                throw ProblemException.badRequest(
                        "status must be one of queued, snapshotting, uploading, falling_back, delivered, parked");
            }
        }
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.badRequest("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
        List<SyncRecord> all = registry.list(filter);
        int from = (int) Math.min((long) page * size, all.size());
        int to = Math.min(from + size, all.size());
        return new SyncPage(all.subList(from, to).stream().map(SyncView::of).toList(), page, size, all.size());
    }

    /** Re-drives a parked sync. */
    @POST
    @Path("/{syncId}/retry")
    @Operation(summary = "Re-drive a parked sync")
    @APIResponse(responseCode = "202", description = "Back in the queue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SyncView.class)))
    @APIResponse(responseCode = "404", description = "No such sync",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The sync is not parked",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response retry(@PathParam("syncId") String syncId) {
        SyncRecord current = registry.get(syncId).orElseThrow(() -> unknown(syncId));
        SyncRecord next = parking.redrive(syncId, "re-driven by request").orElseThrow(() -> ProblemException.conflict(
                "only parked syncs can be retried; this one is " + current.status().wireName()));
        return Response.accepted(SyncView.of(next)).location(URI.create("/v1/syncs/" + syncId)).build();
    }

    private static ProblemException unknown(String syncId) {
        return ProblemException.notFound("no sync with id '" + Redactor.printable(syncId) + "'");
    }

    /** One page of {@link #list}. */
    @RegisterForReflection
    public record SyncPage(List<SyncView> items, int page, int size, int total) {
    }
}

package io.akosha.sync.fallback;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/** Akosha's ingestion endpoint (MicroProfile REST Client); built by {@link HttpSender} from {@code akosha.fallback.*}. */
@Path("/ingest")
public interface AkoshaIngestClient {

    /** Multipart: part {@code manifest} first, then one part per stored file, streamed from disk. */
    @POST
    @Path("/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Response upload(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("Idempotency-Key") String idempotencyKey, ClientMultipartForm form);
}

package dev.umbra.api.reproducibility;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.run.Run;
import dev.umbra.api.run.RunResource;
import dev.umbra.client.dto.ReproducibilityDto;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

@Path("/api/v1/runs/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class ReproducibilityResource {

    private final ReproducibilityService reproducibility;

    public ReproducibilityResource(ReproducibilityService reproducibility) {
        this.reproducibility = reproducibility;
    }

    /** Queues an identical run (same spec, same hashes): 201 with it. */
    @POST
    @Allowed(Caller.MEMBER)
    @Path("/rerun")
    public Response rerun(@PathParam("id") long id, @Context UriInfo uri) {
        Run rerun = reproducibility.rerun(id).orElseThrow(() -> ApiException.notFound("run", id));
        return Response.created(uri.getBaseUriBuilder().path("api/v1/runs").path(String.valueOf(rerun.id)).build())
                .entity(RunResource.toDto(rerun)).build();
    }

    /** The run and its reruns with their numbers side by side. */
    @GET
    @Allowed(Caller.VIEWER)
    @Path("/reproducibility")
    public ReproducibilityDto report(@PathParam("id") long id) {
        return reproducibility.report(id).orElseThrow(() -> ApiException.notFound("run", id));
    }
}

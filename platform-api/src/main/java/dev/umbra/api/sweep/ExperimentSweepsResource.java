package dev.umbra.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.Cursor;
import dev.umbra.api.experiment.ExperimentService;
import dev.umbra.client.dto.Page;
import dev.umbra.client.dto.SweepDto;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Sweeps seen from their experiment: submission, and the experiment's sweeps. */
@Path("/api/v1/experiments/{experimentId}/sweeps")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentSweepsResource {

    private final SweepService sweeps;
    private final SweepViews views;
    private final ExperimentService experiments;

    public ExperimentSweepsResource(SweepService sweeps, SweepViews views, ExperimentService experiments) {
        this.sweeps = sweeps;
        this.views = views;
        this.experiments = experiments;
    }

    /** Submits a sweep (the body is the sweep document, see docs/sweeps-and-comparison.md): 201 with its status. */
    @POST
    @Allowed(Caller.MEMBER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("experimentId") long experimentId, JsonNode body, @Context UriInfo uri) {
        return views.created(sweeps.create(experimentId, body, Sweep.KIND_SWEEP), uri);
    }

    /** The experiment's sweeps, newest first, each with its status. */
    @GET
    @Allowed(Caller.VIEWER)
    public Page<SweepDto> list(@PathParam("experimentId") long experimentId, @QueryParam("cursor") String cursor,
                               @QueryParam("limit") String limit) {
        if (experiments.get(experimentId).isEmpty()) {
            throw ApiException.notFound("experiment", experimentId);
        }
        int pageSize = Cursor.limit(limit);
        return views.page(sweeps.list(experimentId, Cursor.decode(cursor), pageSize + 1), pageSize);
    }
}

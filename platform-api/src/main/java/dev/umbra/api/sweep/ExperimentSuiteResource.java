package dev.umbra.api.sweep;

import dev.umbra.client.dto.SuiteRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Launches the built-in benchmark suite in an experiment. */
@Path("/api/v1/experiments/{experimentId}/suites/benchmark")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentSuiteResource {

    private final SweepService sweeps;
    private final SweepViews views;

    public ExperimentSuiteResource(SweepService sweeps, SweepViews views) {
        this.sweeps = sweeps;
        this.views = views;
    }

    /** Every field of the body is optional; no body at all: the defaults. 201 with the suite's sweep. */
    @POST
    public Response launch(@PathParam("experimentId") long experimentId, SuiteRequest request, @Context UriInfo uri) {
        return views.created(sweeps.create(experimentId, BenchmarkSuite.of(request).sweep(), Sweep.KIND_SUITE), uri);
    }
}

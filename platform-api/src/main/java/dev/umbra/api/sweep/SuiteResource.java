package dev.umbra.api.sweep;

import dev.umbra.client.dto.SuiteDto;
import dev.umbra.client.dto.SuiteRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The built-in benchmark suite: what it offers, and launching it as a sweep. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SuiteResource {

    private final SweepService sweeps;
    private final SweepViews views;

    public SuiteResource(SweepService sweeps, SweepViews views) {
        this.sweeps = sweeps;
        this.views = views;
    }

    /** The suite with its defaults: the bundled sample, the quick-start budget, seeds 1 to 3. */
    @GET
    @Path("/suites/benchmark")
    public SuiteDto offer() {
        return BenchmarkSuite.of(null);
    }

    /** Launches the suite (every field of the body optional; no body: the defaults): 201 with its sweep. */
    @POST
    @Path("/experiments/{experimentId}/suites/benchmark")
    public Response launch(@PathParam("experimentId") long experimentId, SuiteRequest request, @Context UriInfo uri) {
        SuiteDto suite = BenchmarkSuite.of(request);
        return views.created(sweeps.create(experimentId, suite.sweep(), Sweep.KIND_SUITE), uri);
    }
}

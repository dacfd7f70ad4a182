package dev.umbra.api.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.Caller;
import dev.umbra.client.dto.SuiteRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;

/** Launches the built-in benchmark suite in an experiment. */
@Path("/api/v1/experiments/{experimentId}/suites/benchmark")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentSuiteResource {

    private final SweepService sweeps;
    private final SweepViews views;
    private final ObjectMapper json;

    public ExperimentSuiteResource(SweepService sweeps, SweepViews views, ObjectMapper json) {
        this.sweeps = sweeps;
        this.views = views;
        this.json = json;
    }

    /**
     * Every field of the body is optional; no body at all: the defaults. 201 with the suite's sweep.
     * The body is read here (with the platform's strict mapper) so that a bare POST, whatever its
     * Content-Type, is accepted too; a body, when there is one, must be JSON (InputFilter).
     */
    @POST
    @Allowed(Caller.MEMBER)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response launch(@PathParam("experimentId") long experimentId, byte[] body, @Context UriInfo uri)
            throws IOException {
        SuiteRequest request = body == null || body.length == 0 ? null : json.readValue(body, SuiteRequest.class);
        return views.created(sweeps.create(experimentId, BenchmarkSuite.of(request).sweep(), Sweep.KIND_SUITE), uri);
    }
}

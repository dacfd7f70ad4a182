package dev.umbra.api.result;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.run.RunService;
import dev.umbra.client.dto.EvalResultDto;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("/api/v1/runs/{runId}/results")
@Produces(MediaType.APPLICATION_JSON)
public class EvalResultResource {

    private final EvalResultService results;
    private final RunService runs;

    public EvalResultResource(EvalResultService results, RunService runs) {
        this.results = results;
        this.runs = runs;
    }

    /** Every evaluation result of a run, each with its protocol's full parameters. */
    @GET
    @Allowed(Caller.VIEWER)
    public List<EvalResultDto> list(@PathParam("runId") long runId) {
        if (runs.get(runId).isEmpty()) {
            throw ApiException.notFound("run", runId);
        }
        return results.list(runId);
    }
}

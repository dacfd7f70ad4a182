package dev.umbra.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.api.audit.AuditLog;
import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.experiment.ExperimentService;
import dev.umbra.client.dto.Page;
import dev.umbra.client.dto.RunDto;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;

/** Runs seen from their experiment: submission, and the experiment's run list. */
@Path("/api/v1/experiments/{experimentId}/runs")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentRunsResource {

    private final RunService runs;
    private final ExperimentService experiments;
    private final AuditLog audit;

    public ExperimentRunsResource(RunService runs, ExperimentService experiments, AuditLog audit) {
        this.runs = runs;
        this.experiments = experiments;
        this.audit = audit;
    }

    /**
     * Submits a run: the body is the run spec. 201 with the queued run; with an
     * {@code Idempotency-Key} already used for the same spec, 200 with the run it created. A new run
     * commits with its audit row ({@link Submissions}); a replay's row is written after it, as for
     * any request.
     */
    @POST
    @Allowed(Caller.MEMBER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(@PathParam("experimentId") long experimentId, JsonNode spec,
                           @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri) {
        RunService.Submission submission = runs.submit(experimentId, spec, idempotencyKey, run -> { },
                () -> audit.entryWithTheWork("POST", uri.getPath(), 201));
        int status = submission.created() ? 201 : 200;
        URI location = uri.getBaseUriBuilder().path("api/v1/runs").path(String.valueOf(submission.run().id)).build();
        return Response.status(status).location(location).entity(RunResource.toDto(submission.run())).build();
    }

    @GET
    @Allowed(Caller.VIEWER)
    public Page<RunDto> list(@PathParam("experimentId") long experimentId, @QueryParam("cursor") String cursor,
                             @QueryParam("limit") String limit, @QueryParam("status") String status,
                             @QueryParam("method") String method, @QueryParam("dataset") String dataset,
                             @QueryParam("backbone") String backbone, @QueryParam("config_hash") String configHash,
                             @QueryParam("run_hash") String runHash) {
        if (experiments.get(experimentId).isEmpty()) {
            throw ApiException.notFound("experiment", experimentId);
        }
        return RunResource.page(runs, RunResource.filter(experimentId, status, method, dataset, backbone, configHash,
                runHash), cursor, limit);
    }
}

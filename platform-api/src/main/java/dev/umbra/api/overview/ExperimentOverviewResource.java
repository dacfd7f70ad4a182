package dev.umbra.api.overview;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.QueryParams;
import dev.umbra.api.experiment.ExperimentService;
import dev.umbra.client.dto.RunOverviewsDto;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** An experiment's runs as table rows, in one request however many there are (the portal's experiment page). */
@Path("/api/v1/experiments/{id}/overview")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentOverviewResource {

    private final RunOverviewService overviews;
    private final ExperimentService experiments;

    public ExperimentOverviewResource(RunOverviewService overviews, ExperimentService experiments) {
        this.overviews = overviews;
        this.experiments = experiments;
    }

    /** The newest {@code limit} runs (default 5,000, at most 10,000), with {@code truncated} when there are more. */
    @GET
    @Allowed(Caller.VIEWER)
    public RunOverviewsDto overview(@PathParam("id") long id, @QueryParam("limit") String limit) {
        if (experiments.get(id).isEmpty()) {
            throw ApiException.notFound("experiment", id);
        }
        return overviews.forExperiment(id, QueryParams.intInRange("limit", limit, 5_000, 1, 10_000));
    }
}

package dev.umbra.api.overview;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.QueryParams;
import dev.umbra.client.dto.RunOverviewsDto;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Chosen runs as table rows, from any experiments (the portal's compare page). */
@Path("/api/v1/runs/overview")
@Produces(MediaType.APPLICATION_JSON)
public class RunOverviewResource {

    static final int MAX_IDS = 500;

    private final RunOverviewService overviews;

    public RunOverviewResource(RunOverviewService overviews) {
        this.overviews = overviews;
    }

    /** Overviews of the comma-separated run {@code ids} (at most 500), newest first; {@code specs=true} adds each resolved spec. */
    @GET
    @Allowed(Caller.VIEWER)
    public RunOverviewsDto runs(@QueryParam("ids") String ids, @QueryParam("specs") String specs) {
        return overviews.forRuns(RunIds.require(ids, MAX_IDS, overviews), QueryParams.bool("specs", specs, false));
    }
}

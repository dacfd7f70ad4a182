package dev.umbra.api.compare;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.QueryParams;
import dev.umbra.api.run.Run;
import dev.umbra.api.run.RunService;
import dev.umbra.client.dto.SpecDifferenceDto;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("/api/v1/runs/{id}/spec-diff")
@Produces(MediaType.APPLICATION_JSON)
public class SpecDiffResource {

    private final RunService runs;

    public SpecDiffResource(RunService runs) {
        this.runs = runs;
    }

    /** The paths where two runs' resolved specs differ (seed included): {@code ?other=<run id>}. */
    @GET
    @Allowed(Caller.VIEWER)
    public List<SpecDifferenceDto> specDiff(@PathParam("id") long id, @QueryParam("other") String other) {
        Long otherId = QueryParams.optionalId("other", other);
        if (otherId == null) {
            throw ApiException.invalid("other", "is required: the id of the run to compare with");
        }
        Run a = runs.get(id).orElseThrow(() -> ApiException.notFound("run", id));
        Run b = runs.get(otherId).orElseThrow(() -> ApiException.notFound("run", otherId));
        return SpecDiff.of(a.resolvedSpec, b.resolvedSpec);
    }
}

package dev.umbra.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Cursor;
import dev.umbra.api.compare.FinalResults;
import dev.umbra.api.experiment.ExperimentService;
import dev.umbra.client.dto.Page;
import dev.umbra.client.dto.SweepDto;
import dev.umbra.client.dto.SweepRunDto;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class SweepResource {

    private final SweepService sweeps;
    private final SweepRuns sweepRuns;
    private final SweepViews views;
    private final ExperimentService experiments;
    private final FinalResults results;

    public SweepResource(SweepService sweeps, SweepRuns sweepRuns, SweepViews views, ExperimentService experiments,
                         FinalResults results) {
        this.sweeps = sweeps;
        this.sweepRuns = sweepRuns;
        this.views = views;
        this.experiments = experiments;
        this.results = results;
    }

    /** Submits a sweep (the body is the sweep document, see docs/sweeps-and-comparison.md): 201 with its status. */
    @POST
    @Path("/experiments/{experimentId}/sweeps")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("experimentId") long experimentId, JsonNode body, @Context UriInfo uri) {
        Sweep sweep = sweeps.create(experimentId, body, Sweep.KIND_SWEEP);
        return views.created(sweep, uri);
    }

    @GET
    @Path("/experiments/{experimentId}/sweeps")
    public Page<SweepDto> list(@PathParam("experimentId") long experimentId, @QueryParam("cursor") String cursor,
                               @QueryParam("limit") String limit) {
        if (experiments.get(experimentId).isEmpty()) {
            throw ApiException.notFound("experiment", experimentId);
        }
        int pageSize = Cursor.limit(limit);
        List<Sweep> rows = sweeps.list(experimentId, Cursor.decode(cursor), pageSize + 1);
        List<SweepDto> items = rows.stream().limit(pageSize).map(views::toDto).toList();
        return new Page<>(items, rows.size() > pageSize ? Cursor.encode(items.get(items.size() - 1).id()) : null);
    }

    @GET
    @Path("/sweeps/{id}")
    public SweepDto get(@PathParam("id") long id) {
        return sweeps.get(id).map(views::toDto).orElseThrow(() -> ApiException.notFound("sweep", id));
    }

    /** The sweep's runs in its order, with axis values and final results; paged by position. */
    @GET
    @Path("/sweeps/{id}/runs")
    public Page<SweepRunDto> runs(@PathParam("id") long id, @QueryParam("cursor") String cursor,
                                  @QueryParam("limit") String limit) {
        if (sweeps.get(id).isEmpty()) {
            throw ApiException.notFound("sweep", id);
        }
        int pageSize = Cursor.limit(limit);
        // The cursor holds the next position + 1 (cursors hold positive numbers).
        int after = cursor == null || cursor.isEmpty() ? -1 : (int) Cursor.decode(cursor) - 2;
        List<SweepRuns.Row> rows = sweepRuns.page(id, after, pageSize + 1);
        List<SweepRuns.Row> page = rows.stream().limit(pageSize).toList();
        Map<Long, List<FinalResults.Value>> finals = results.byRun(page.stream().map(SweepRuns.Row::runId).distinct().toList());
        List<SweepRunDto> items = page.stream().map(r -> {
            Map<String, Double> values = new TreeMap<>();
            finals.getOrDefault(r.runId(), List.of()).forEach(v -> values.put(v.metric(), v.value()));
            return new SweepRunDto(r.position(), r.runId(), r.reused(), r.params(), r.seed(), r.status(), r.configHash(),
                    r.runHash(), values);
        }).toList();
        String next = rows.size() > pageSize ? Cursor.encode(page.get(page.size() - 1).position() + 2L) : null;
        return new Page<>(items, next);
    }

    /** Cancels every unfinished run of the sweep. */
    @POST
    @Path("/sweeps/{id}/cancel")
    public SweepDto cancel(@PathParam("id") long id) {
        return sweeps.cancel(id).map(views::toDto).orElseThrow(() -> ApiException.notFound("sweep", id));
    }

    /** Adds seeds: {@code {"seeds": [4, 5]}}. */
    @POST
    @Path("/sweeps/{id}/seeds")
    @Consumes(MediaType.APPLICATION_JSON)
    public SweepDto addSeeds(@PathParam("id") long id, JsonNode body) {
        return sweeps.addSeeds(id, body).map(views::toDto).orElseThrow(() -> ApiException.notFound("sweep", id));
    }
}

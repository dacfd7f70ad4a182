package dev.umbra.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.Cursor;
import dev.umbra.api.compare.FinalResults;
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
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

@Path("/api/v1/sweeps")
@Produces(MediaType.APPLICATION_JSON)
public class SweepResource {

    private final SweepService sweeps;
    private final SweepRuns sweepRuns;
    private final SweepViews views;
    private final FinalResults results;

    public SweepResource(SweepService sweeps, SweepRuns sweepRuns, SweepViews views, FinalResults results) {
        this.sweeps = sweeps;
        this.sweepRuns = sweepRuns;
        this.views = views;
        this.results = results;
    }

    /** The team's sweeps of every experiment, newest first, paged. */
    @GET
    @Allowed(Caller.VIEWER)
    public Page<SweepDto> list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        int pageSize = Cursor.limit(limit);
        return views.page(sweeps.list(Cursor.decode(cursor), pageSize + 1), pageSize);
    }

    @GET
    @Allowed(Caller.VIEWER)
    @Path("/{id}")
    public SweepDto get(@PathParam("id") long id) {
        return sweeps.get(id).map(views::toDto).orElseThrow(() -> ApiException.notFound("sweep", id));
    }

    /** The sweep's runs in its order, with axis values and final results; paged by position. */
    @GET
    @Allowed(Caller.VIEWER)
    @Path("/{id}/runs")
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
    @Allowed(Caller.MEMBER)
    @Path("/{id}/cancel")
    public SweepDto cancel(@PathParam("id") long id) {
        return sweeps.cancel(id).map(views::toDto).orElseThrow(() -> ApiException.notFound("sweep", id));
    }

    /** Adds seeds: {@code {"seeds": [4, 5]}}. */
    @POST
    @Allowed(Caller.MEMBER)
    @Path("/{id}/seeds")
    @Consumes(MediaType.APPLICATION_JSON)
    public SweepDto addSeeds(@PathParam("id") long id, JsonNode body) {
        return sweeps.addSeeds(id, body).map(views::toDto).orElseThrow(() -> ApiException.notFound("sweep", id));
    }
}

package dev.umbra.api.overview;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.QueryParams;
import dev.umbra.api.metric.MetricService;
import dev.umbra.client.dto.RunSeriesDto;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;

/** Metric series of many runs in one request (the portal's overlaid curves). */
@Path("/api/v1/runs/series")
@Produces(MediaType.APPLICATION_JSON)
public class RunSeriesResource {

    static final int MAX_RUNS = 100;
    static final int MAX_KEYS = 20;

    private final RunOverviewService overviews;
    private final MetricService metrics;

    public RunSeriesResource(RunOverviewService overviews, MetricService metrics) {
        this.overviews = overviews;
        this.metrics = metrics;
    }

    /** The series {@code keys} of each of the run {@code ids}, in the order asked, at most {@code max_points} each (default 500). */
    @GET
    @Allowed(Caller.VIEWER)
    public List<RunSeriesDto> series(@QueryParam("ids") String ids, @QueryParam("keys") String keys,
                                     @QueryParam("max_points") String maxPoints) {
        List<String> keyList = keys == null ? List.of()
                : Arrays.stream(keys.split(",")).map(String::strip).filter(k -> !k.isEmpty()).distinct().toList();
        if (keyList.isEmpty() || keyList.size() > MAX_KEYS) {
            throw ApiException.invalid("keys", "must list 1 to " + MAX_KEYS + " comma-separated metric keys");
        }
        int points = QueryParams.intInRange("max_points", maxPoints, 500, 3, 10_000);
        return RunIds.require(ids, MAX_RUNS, overviews).stream()
                .map(id -> new RunSeriesDto(id, metrics.series(id, keyList, points))).toList();
    }
}

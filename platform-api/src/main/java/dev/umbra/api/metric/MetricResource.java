package dev.umbra.api.metric;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.QueryParams;
import dev.umbra.api.run.RunService;
import dev.umbra.client.dto.MetricBatch;
import dev.umbra.client.dto.MetricSeries;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

@Path("/api/v1/runs/{runId}/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricResource {

    private final MetricService metrics;
    private final RunService runs;

    public MetricResource(MetricService metrics, RunService runs) {
        this.metrics = metrics;
        this.runs = runs;
    }

    /** Stores a batch; repeating a (key, step) overwrites it, so a retried batch is harmless. */
    @POST
    @Allowed(Caller.MEMBER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Integer> ingest(@PathParam("runId") long runId, MetricBatch batch) {
        requireRun(runId);
        int stored = metrics.ingest(runId, batch == null ? null : batch.points());
        return Map.of("stored", stored);
    }

    /** Series of the comma-separated {@code keys} (all when absent), at most {@code max_points} each. */
    @GET
    @Allowed(Caller.VIEWER)
    public List<MetricSeries> series(@PathParam("runId") long runId, @QueryParam("keys") String keys,
                                     @QueryParam("max_points") String maxPoints) {
        requireRun(runId);
        List<String> keyList = keys == null || keys.isBlank() ? List.of()
                : Arrays.stream(keys.split(",")).map(String::strip).filter(k -> !k.isEmpty()).distinct().toList();
        if (keyList.size() > 100) {
            throw ApiException.invalid("keys", "at most 100 keys per request");
        }
        return metrics.series(runId, keyList, QueryParams.intInRange("max_points", maxPoints, 1000, 3, 100_000));
    }

    @GET
    @Allowed(Caller.VIEWER)
    @Path("/latest")
    public Map<String, Double> latest(@PathParam("runId") long runId) {
        requireRun(runId);
        return metrics.latest(runId);
    }

    private void requireRun(long runId) {
        if (runs.get(runId).isEmpty()) {
            throw ApiException.notFound("run", runId);
        }
    }
}

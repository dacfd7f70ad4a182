package dev.umbra.api.metric;

import dev.umbra.api.audit.AuditLog;
import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.QueryParams;
import dev.umbra.api.run.RunService;
import dev.umbra.client.dto.MetricBatch;
import dev.umbra.client.dto.MetricSeries;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

@Path("/api/v1/runs/{runId}/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricResource {

    private final MetricService metrics;
    private final RunService runs;
    private final AuditLog audit;

    public MetricResource(MetricService metrics, RunService runs, AuditLog audit) {
        this.metrics = metrics;
        this.runs = runs;
        this.audit = audit;
    }

    /**
     * Stores a batch; repeating a (key, step) overwrites it, so a retried batch is harmless. One
     * transaction: the run check, the points, the latest values and the audit row.
     */
    @POST
    @Allowed(Caller.MEMBER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Map<String, Integer> ingest(@PathParam("runId") long runId, MetricBatch batch, @Context UriInfo uri) {
        if (!runs.exists(runId)) {
            throw ApiException.notFound("run", runId);
        }
        int stored = metrics.ingest(runId, batch == null ? null : batch.points());
        audit.recordWithTheWork("POST", uri.getPath(), 200);
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

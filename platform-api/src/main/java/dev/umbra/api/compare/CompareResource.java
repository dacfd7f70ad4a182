package dev.umbra.api.compare;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.QueryParams;
import dev.umbra.client.dto.ComparisonDto;
import dev.umbra.client.dto.ComputeDto;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.dto.GroupDto;
import dev.umbra.client.dto.LeaderboardDto;
import dev.umbra.client.spec.EvalProtocol;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Comparison across seeds: configuration groups, leaderboards, two configurations side by side,
 * accuracy against compute. Every list narrows by
 * {@code experiment_id}, {@code sweep_id}, {@code dataset}, {@code backbone}, {@code epochs} and
 * {@code method}; only succeeded runs count.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class CompareResource {

    private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.:/@%-]{1,128}");

    private final ComparisonService comparisons;

    public CompareResource(ComparisonService comparisons) {
        this.comparisons = comparisons;
    }

    /** Configurations (seeds grouped by config hash) with mean, std, n, min, max and 95 % interval of every metric. */
    @GET
    @Allowed(Caller.VIEWER)
    @Path("/groups")
    public List<GroupDto> groups(@QueryParam("experiment_id") String experimentId, @QueryParam("sweep_id") String sweepId,
                                 @QueryParam("dataset") String dataset, @QueryParam("backbone") String backbone,
                                 @QueryParam("epochs") String epochs, @QueryParam("method") String method) {
        return comparisons.groups(RunScope.parse(experimentId, sweepId, dataset, backbone, epochs, method));
    }

    /** Leaderboards per (dataset, backbone, epochs), ranked by {@code metric} (default linear-probe/top1) under {@code protocol}. */
    @GET
    @Allowed(Caller.VIEWER)
    @Path("/leaderboard")
    public LeaderboardDto leaderboard(@QueryParam("experiment_id") String experimentId, @QueryParam("sweep_id") String sweepId,
                                      @QueryParam("dataset") String dataset, @QueryParam("backbone") String backbone,
                                      @QueryParam("epochs") String epochs, @QueryParam("method") String method,
                                      @QueryParam("metric") String metric, @QueryParam("protocol") String protocol,
                                      @QueryParam("limit") String limit) {
        RunScope scope = RunScope.parse(experimentId, sweepId, dataset, backbone, epochs, method);
        String rankedBy = metric(metric);
        return comparisons.leaderboard(scope, rankedBy, protocol(protocol, rankedBy),
                QueryParams.intInRange("limit", limit, 50, 1, 500));
    }

    /** Configuration {@code b} against {@code a} (config hashes): metric by metric, with a paired t-test and the spec diff. */
    @GET
    @Allowed(Caller.VIEWER)
    @Path("/compare")
    public ComparisonDto compare(@QueryParam("a") String a, @QueryParam("b") String b) {
        List<FieldError> errors = new ArrayList<>();
        for (String[] side : new String[][] {{"a", a}, {"b", b}}) {
            if (side[1] == null || !RunScope.HASH.matcher(side[1]).matches()) {
                errors.add(new FieldError(side[0], "is required: a config_hash (64 lowercase hex characters)"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return comparisons.compare(a, b);
    }

    /** Each configuration's {@code metric} against its mean training time and GPU-hours, Pareto front marked. */
    @GET
    @Allowed(Caller.VIEWER)
    @Path("/compute")
    public ComputeDto compute(@QueryParam("experiment_id") String experimentId, @QueryParam("sweep_id") String sweepId,
                              @QueryParam("dataset") String dataset, @QueryParam("backbone") String backbone,
                              @QueryParam("epochs") String epochs, @QueryParam("method") String method,
                              @QueryParam("metric") String metric, @QueryParam("protocol") String protocol) {
        RunScope scope = RunScope.parse(experimentId, sweepId, dataset, backbone, epochs, method);
        String measured = metric(metric);
        return comparisons.compute(scope, measured, protocol(protocol, measured));
    }

    private static String metric(String metric) {
        if (metric == null || metric.isEmpty()) {
            return ComparisonService.DEFAULT_METRIC;
        }
        if (!METRIC.matcher(metric).matches()) {
            throw ApiException.invalid("metric", "must match " + METRIC.pattern());
        }
        return metric;
    }

    private static String protocol(String protocol, String metric) {
        if (protocol == null || protocol.isEmpty()) {
            return ComparisonService.protocolOf(metric);
        }
        if (EvalProtocol.fromId(protocol).isEmpty()) {
            throw ApiException.invalid("protocol", "unknown protocol; allowed: " + EvalProtocol.ids());
        }
        return protocol;
    }
}

package dev.umbra.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which runs a leaderboard ranks and by what, as `leaderboard` and `report` both take it. */
final class LeaderboardScope {

    @Option(names = {"-e", "--experiment"}, paramLabel = "ID")
    Long experiment;

    @Option(names = "--sweep", paramLabel = "ID", description = "only this sweep's (or benchmark suite's) runs")
    Long sweep;

    @Option(names = "--dataset")
    String dataset;

    @Option(names = "--backbone")
    String backbone;

    @Option(names = "--epochs")
    Integer epochs;

    @Option(names = "--metric", description = "rank by this metric (default: linear-probe/top1)")
    String metric;

    /** The query of GET /api/v1/leaderboard (absent filters are null and left out by the client). */
    Map<String, String> filters(int limit) {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("experiment_id", experiment == null ? null : experiment.toString());
        filters.put("sweep_id", sweep == null ? null : sweep.toString());
        filters.put("dataset", dataset);
        filters.put("backbone", backbone);
        filters.put("epochs", epochs == null ? null : epochs.toString());
        filters.put("metric", metric);
        filters.put("limit", String.valueOf(limit));
        return filters;
    }
}

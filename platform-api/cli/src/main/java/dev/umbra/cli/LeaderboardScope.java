package dev.umbra.cli;

import dev.umbra.cli.LeaderboardCommand.MetricKey;
import dev.umbra.client.dto.LeaderboardDto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which runs a leaderboard ranks, by what, and which other metrics it shows, as `leaderboard` and `report` take it. */
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

    /** What a paper table reports beside the ranking metric: the kNN headline and the few-label probes. */
    static final List<String> HEADLINE = List.of("linear-probe/top1", "knn/top1", "label-efficiency/top1@1%",
            "label-efficiency/top1@10%");

    @Option(names = "--metrics", split = ",", paramLabel = "METRIC", description = "metrics shown besides the ranking"
            + " one, in this order: a comma-separated list, or all (default: linear-probe/top1, knn/top1,"
            + " label-efficiency/top1@1%, label-efficiency/top1@10%, those a board has)")
    List<String> metrics;

    /** The board's metrics to show besides the ranking one: the chosen ones it has, in the chosen order. */
    List<MetricKey> shownMetrics(LeaderboardDto board, LeaderboardDto.Board b) {
        List<MetricKey> available = LeaderboardCommand.otherMetrics(board, b);
        if (metrics != null && metrics.equals(List.of("all"))) {
            return available;
        }
        List<MetricKey> shown = new ArrayList<>();
        for (String name : metrics == null ? HEADLINE : metrics) {
            available.stream().filter(m -> m.metric().equals(name)).forEach(shown::add);
        }
        return shown;
    }

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

package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Optional;

/**
 * The succeeded runs of one configuration ({@code configHash}: everything but the seed), with a
 * summary of every evaluation metric and what they cost: mean training time (from start to
 * finish) and mean GPU-hours per run (null unless every run reported its environment).
 * {@code name} is what the team called the configuration (null: unnamed).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GroupDto(String configHash, String method, String dataset, String backbone, int epochs, int runs,
                       List<Long> runIds, List<Long> seeds, List<MetricSummaryDto> metrics, Double trainSecondsMean,
                       Double gpuHoursMean, String name) {

    /** This group with these metric summaries. */
    public GroupDto withMetrics(List<MetricSummaryDto> summaries) {
        return new GroupDto(configHash, method, dataset, backbone, epochs, runs, runIds, seeds, summaries, trainSecondsMean,
                gpuHoursMean, name);
    }

    /** This group under the name its team gave it. */
    public GroupDto withName(String teamName) {
        return new GroupDto(configHash, method, dataset, backbone, epochs, runs, runIds, seeds, metrics, trainSecondsMean,
                gpuHoursMean, teamName);
    }

    /** The summary of one metric of one protocol, if the group reports it. */
    public Optional<MetricSummaryDto> metric(String protocol, String metric) {
        return metrics.stream().filter(m -> m.protocol().equals(protocol) && m.metric().equals(metric)).findFirst();
    }
}

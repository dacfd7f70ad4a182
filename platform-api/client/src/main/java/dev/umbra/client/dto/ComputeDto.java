package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Accuracy against compute: each configuration's {@code metric} (mean over seeds) beside its mean
 * training time and GPU-hours per run. {@code pareto} marks configurations no other one beats on
 * both accuracy and training time within the same dataset.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ComputeDto(String metric, String protocol, List<Point> points) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Point(String configHash, String method, String dataset, String backbone, int epochs, int runs,
                        MetricSummaryDto value, Double trainSecondsMean, Double gpuHoursMean, boolean pareto) {
    }
}

package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Two configurations side by side: every metric both have, the difference {@code b - a} of their
 * means, and a paired t-test over the seeds both ran; and the paths where their specs differ.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ComparisonDto(GroupDto a, GroupDto b, List<Metric> metrics, List<SpecDifferenceDto> specDiff) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Metric(String protocol, String metric, MetricSummaryDto a, MetricSummaryDto b, double difference,
                         PairedTest paired) {
    }

    /**
     * Over the seeds both configurations ran ({@code seeds}): the mean of {@code b - a}, its 95 %
     * interval, t with {@code df} degrees of freedom and the two-sided p-value. t, df and p are
     * null with fewer than two pairs.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PairedTest(List<Long> seeds, int pairs, double meanDifference, Double stdDifference, Double t,
                             Integer df, Double pValue, Double ci95Low, Double ci95High) {
    }
}

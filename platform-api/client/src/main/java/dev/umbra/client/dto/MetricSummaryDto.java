package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One evaluation metric over the seeds of a configuration, with the protocol it comes from
 * ({@code protocol} e.g. {@code linear-probe/v1}, {@code metric} e.g. {@code linear-probe/top1}).
 * {@code std} is the sample standard deviation; the 95 % interval of the mean uses Student's t
 * with n - 1 degrees of freedom. Both are null for a single run.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetricSummaryDto(String protocol, String metric, int n, double mean, Double std, double min, double max,
                               Double ci95Low, Double ci95High) {
}

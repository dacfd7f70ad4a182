package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One series, in step order. {@code totalPoints} is the size of the stored series; when it is
 * larger than {@code steps.size()} the series was downsampled for display.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetricSeries(String key, int totalPoints, List<Long> steps, List<Double> values) {
}

package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The metric series of one run, as {@code GET /api/v1/runs/series} returns them for many runs at once. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunSeriesDto(long runId, List<MetricSeries> series) {
}

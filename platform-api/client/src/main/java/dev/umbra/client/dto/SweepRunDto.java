package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * One position of a sweep: the run behind it (reused: it had already succeeded, or an earlier
 * position has the same run hash), the axis values it got ({@code params}: spec path to value),
 * and its final evaluation numbers by metric name (e.g. {@code linear-probe/top1}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SweepRunDto(int position, long runId, boolean reused, JsonNode params, long seed, RunStatus status,
                          String configHash, String runHash, Map<String, Double> results) {
}

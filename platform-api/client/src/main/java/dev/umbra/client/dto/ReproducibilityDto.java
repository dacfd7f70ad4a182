package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A run and its reruns (every run with the same run hash), oldest first, with their numbers side
 * by side: evaluation results (with their protocol) and the last value of every metric series.
 * {@code identical} is true when every run has finished successfully and every number is equal.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReproducibilityDto(String runHash, List<RunEntry> runs, List<Row> metrics, boolean identical) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunEntry(long runId, RunStatus status, JsonNode environment, Instant createdAt, Instant finishedAt) {
    }

    /**
     * One number across the runs, in the order of {@code runs} (null where a run has none).
     * {@code protocol} is null for a metric series' last value.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Row(String protocol, String metric, List<Double> values, Double maxAbsDifference, boolean identical) {
    }
}

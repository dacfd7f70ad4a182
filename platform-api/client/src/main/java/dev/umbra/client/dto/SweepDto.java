package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;

/**
 * A sweep and where it stands. {@code totalRuns} counts positions (a reused run counts where it
 * stands); {@code runsByState} counts them by their run's status; {@code progress} is the finished
 * fraction (0 to 1); {@code etaSeconds} estimates the time to finish (null when finished, cancelled,
 * or with no live runner and no history to estimate from).
 *
 * @param kind {@code sweep} or {@code benchmark-suite}
 * @param spec the sweep document as submitted; seeds added later are appended to {@code spec.seeds}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SweepDto(long id, long experimentId, String name, String kind, JsonNode spec, int totalRuns,
                       int reusedRuns, Map<String, Long> runsByState, int finishedRuns, double progress,
                       Double etaSeconds, boolean cancelled, Instant createdAt, Instant cancelledAt) {
}

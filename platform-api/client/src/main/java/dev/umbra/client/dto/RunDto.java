package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A run as the API shows it. {@code name} and {@code notes} are what people wrote about it (empty:
 * none). {@code spec} is the document as submitted, {@code resolvedSpec} the canonical form with
 * every default filled in (what the runner trains); {@code priority} is the run's current priority
 * (a queued run can be reprioritised). {@code logTail} is the end of the runner's log, as its last
 * heartbeat reported it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunDto(long id, long experimentId, String name, String notes, RunStatus status, String method, String backbone, String dataset,
                     long seed, String configHash, String runHash, int priority, int attempt, int maxAttempts,
                     Long runnerId, boolean cancelRequested, JsonNode spec, JsonNode resolvedSpec,
                     JsonNode progress, JsonNode environment, String logTail, String error,
                     Instant createdAt, Instant startedAt, Instant finishedAt) {
}

package dev.umbra.client.runner;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Hands a run back to the queue (the runner is shutting down after a checkpoint). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Release(long runnerId, int attempt, String reason) {
}

package dev.umbra.client.runner;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Ends a run: {@code status} is SUCCEEDED, FAILED or CANCELLED; {@code error} says why it failed. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Completion(long runnerId, int attempt, String status, String error) {
}

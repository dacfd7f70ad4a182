package dev.umbra.client.runner;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Ask for work, waiting up to {@code waitSeconds} (capped by the server) when there is none;
 * {@code runId}, when set, asks for that run only (a pod launched for it).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClaimRequest(long runnerId, int waitSeconds, Long runId) {
}

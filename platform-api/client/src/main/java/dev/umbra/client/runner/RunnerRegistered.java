package dev.umbra.client.runner;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The runner's id and the cadence it should keep: heartbeat well within the lease. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunnerRegistered(long runnerId, long leaseSeconds, long heartbeatSeconds) {
}

package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A runner node as the caller's team sees it: its capabilities, when it last called in, whether
 * it is busy and the run it holds when that run is the team's; {@code shared} for a platform
 * runner that serves every team.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunnerDto(long id, String name, int gpus, List<String> labels, Instant lastHeartbeatAt,
                        Long currentRunId, boolean busy, boolean shared, boolean live) {
}

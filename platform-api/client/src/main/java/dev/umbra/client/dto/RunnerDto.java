package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/** A runner node: its capabilities, when it last called in, and the run it holds (if any). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunnerDto(long id, String name, int gpus, List<String> labels, Instant lastHeartbeatAt,
                        Long currentRunId, boolean live) {
}

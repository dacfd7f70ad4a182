package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * The queue now: runs by state, live and busy runners, the mean duration of recent successful
 * runs, the age of the oldest queued run, and queued runs in claim order with position and
 * estimated wait (null while no runner is live).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QueueDto(Map<String, Long> runsByState, int liveRunners, int busyRunners, double meanRunSeconds,
                       double oldestQueuedSeconds, List<QueuedRunDto> queued) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record QueuedRunDto(long runId, int priority, int position, java.time.Instant queuedAt,
                               Double estimatedWaitSeconds) {
    }
}

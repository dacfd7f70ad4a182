package dev.umbra.client.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.umbra.client.dto.MetricPoint;
import java.util.List;

/**
 * Keeps the lease and reports: progress (phase, epoch, step, images/s, ETA ...), the environment (on
 * the first heartbeat), a bounded tail of the log, the log lines not yet acknowledged (numbered from
 * {@code logFrom} within the attempt; at most 10,000; a resent line is stored once), and buffered
 * metric points (at most 10,000; a repeated (key, step) overwrites, so resending after a lost answer
 * is harmless).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Heartbeat(long runnerId, int attempt, JsonNode progress, JsonNode environment, String logTail,
                        List<MetricPoint> metrics, Integer logFrom, List<String> logLines) {

    /** The most log lines one heartbeat may carry. */
    public static final int MAX_LOG_LINES = 10_000;
}

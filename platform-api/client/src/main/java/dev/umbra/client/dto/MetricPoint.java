package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One value of a metric series. {@code key}, {@code step} and {@code value} are required (boxed
 * so that a missing one is reported, not read as 0); {@code wallTime} defaults to the time the
 * API received the point.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetricPoint(String key, Long step, Double value, Instant wallTime) {

    public static MetricPoint of(String key, long step, double value) {
        return new MetricPoint(key, step, value, null);
    }
}

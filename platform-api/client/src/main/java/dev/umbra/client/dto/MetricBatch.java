package dev.umbra.client.dto;

import java.util.List;

/** Up to 10,000 points; a repeated (key, step) overwrites, so a retried batch is harmless. */
public record MetricBatch(List<MetricPoint> points) {
}

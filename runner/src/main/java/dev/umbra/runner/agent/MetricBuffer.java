package dev.umbra.runner.agent;

import dev.umbra.client.dto.MetricPoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Metric points waiting to be shipped. Bounded: while the platform is unreachable the buffer keeps
 * the newest {@code capacity} points and counts what it had to drop, so a long outage costs the
 * oldest per-step points, never the runner's memory.
 */
final class MetricBuffer {

    private final int capacity;
    private final Deque<MetricPoint> points = new ArrayDeque<>();
    private long dropped;

    MetricBuffer(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(MetricPoint point) {
        if (points.size() == capacity) {
            points.removeFirst();
            dropped++;
        }
        points.addLast(point);
    }

    /** Takes up to {@code max} of the oldest points. */
    synchronized List<MetricPoint> drain(int max) {
        List<MetricPoint> batch = new ArrayList<>(Math.min(max, points.size()));
        while (batch.size() < max && !points.isEmpty()) {
            batch.add(points.removeFirst());
        }
        return batch;
    }

    /** Puts a batch that could not be delivered back in front, as far as capacity allows. */
    synchronized void putBack(List<MetricPoint> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            if (points.size() == capacity) {
                dropped++;
                continue;
            }
            points.addFirst(batch.get(i));
        }
    }

    synchronized int size() {
        return points.size();
    }

    synchronized long dropped() {
        return dropped;
    }
}

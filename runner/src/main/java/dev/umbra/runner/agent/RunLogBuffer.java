package dev.umbra.runner.agent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A run's log on its way to the platform: every line numbered from 0 within the attempt and kept
 * until a heartbeat that carried it was answered, plus the last lines as the quick-view tail. Bounded:
 * past {@link #MAX_PENDING} unsent lines (a long outage) the oldest go, and the platform's copy shows
 * the gap in the numbers.
 */
final class RunLogBuffer {

    static final int TAIL_LINES = 200;
    static final int MAX_PENDING = 200_000;

    /** Lines {@code from}, {@code from + 1}, ... to send in one heartbeat. */
    record Batch(int from, List<String> lines) {
    }

    private final Deque<String> tail = new ArrayDeque<>();
    private final Deque<String> pending = new ArrayDeque<>();
    private int firstPending;

    synchronized void add(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        pending.addLast(line);
        if (pending.size() > MAX_PENDING) {
            pending.removeFirst();
            firstPending++;
        }
    }

    synchronized String tail() {
        return String.join("\n", tail);
    }

    synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    /** The oldest unacknowledged lines, at most {@code max}. */
    synchronized Batch pending(int max) {
        List<String> lines = new ArrayList<>(Math.min(max, pending.size()));
        for (String line : pending) {
            if (lines.size() == max) {
                break;
            }
            lines.add(line);
        }
        return new Batch(firstPending, lines);
    }

    /** The platform stored {@code batch}: its lines need not be sent again. */
    synchronized void acknowledged(Batch batch) {
        int end = batch.from() + batch.lines().size();
        while (firstPending < end && !pending.isEmpty()) {
            pending.removeFirst();
            firstPending++;
        }
    }
}

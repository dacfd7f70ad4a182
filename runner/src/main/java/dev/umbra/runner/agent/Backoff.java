package dev.umbra.runner.agent;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Exponential backoff for reconnecting: 1 s, 2 s, 4 s ... up to a ceiling, reset after a success. */
final class Backoff {

    private static final long POLL_MILLIS = 100;

    private final Duration initial;
    private final Duration max;
    private Duration next;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /**
     * Sleeps for the current delay and doubles it; false, at once, when interrupted or when
     * {@code stopped} turns true meanwhile (checked every {@value #POLL_MILLIS} ms), so that a
     * retry loop hears a shutdown or a cancel within a fraction of a second.
     */
    boolean pause(BooleanSupplier stopped) {
        long deadline = System.nanoTime() + next.toNanos();
        try {
            for (long left = next.toMillis(); left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
                if (stopped.getAsBoolean()) {
                    return false;
                }
                Thread.sleep(Math.min(left, POLL_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return !stopped.getAsBoolean();
    }

    void reset() {
        next = initial;
    }
}

package dev.umbra.runner.agent;

import java.time.Duration;

/** Exponential backoff for reconnecting: 1 s, 2 s, 4 s ... up to a ceiling, reset after a success. */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** Sleeps for the current delay and doubles it; false when interrupted. */
    boolean pause() {
        try {
            Thread.sleep(next.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return true;
    }

    void reset() {
        next = initial;
    }
}

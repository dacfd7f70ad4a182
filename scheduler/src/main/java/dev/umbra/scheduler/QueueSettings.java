package dev.umbra.scheduler;

import java.time.Duration;

/**
 * @param lease       how long a claim or heartbeat holds a run; a runner heartbeats well within it
 * @param backoffBase delay before a run whose lease was lost may be claimed again, doubled per loss
 * @param backoffMax  the longest such delay
 */
public record QueueSettings(Duration lease, Duration backoffBase, Duration backoffMax) {

    public static QueueSettings defaults() {
        return new QueueSettings(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMinutes(5));
    }
}

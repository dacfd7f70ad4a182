package dev.umbra.scheduler;

import java.time.Instant;

/** What a heartbeat tells the runner: keep going (lease extended to {@code leaseExpiresAt}) or stop. */
public record HeartbeatAnswer(boolean cancel, Instant leaseExpiresAt) {
}

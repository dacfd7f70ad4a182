package dev.umbra.scheduler;

import java.time.Instant;

/** A claimed run: the attempt is the fencing token every later call of the runner must carry. */
public record Lease(long runId, int attempt, Instant expiresAt) {
}

package dev.umbra.scheduler;

/**
 * A call carried an attempt that is no longer the run's current one (its lease was lost and the
 * run reassigned or ended), or the run is not in a state that call applies to. Nothing changed.
 */
public class StaleAttemptException extends RuntimeException {

    private final long runId;
    private final int attempt;

    public StaleAttemptException(long runId, int attempt, String why) {
        super("run " + runId + " attempt " + attempt + " is not current: " + why);
        this.runId = runId;
        this.attempt = attempt;
    }

    public long runId() {
        return runId;
    }

    public int attempt() {
        return attempt;
    }
}

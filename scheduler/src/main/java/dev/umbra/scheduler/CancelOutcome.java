package dev.umbra.scheduler;

public enum CancelOutcome {
    /** The run was queued and is now cancelled. */
    CANCELLED,
    /** The run is leased or running; its runner is told to stop on its next heartbeat. */
    REQUESTED,
    /** The run had already finished; nothing changed. */
    ALREADY_FINISHED,
    NOT_FOUND
}

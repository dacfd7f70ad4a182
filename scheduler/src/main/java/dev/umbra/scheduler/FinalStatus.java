package dev.umbra.scheduler;

/** How a runner may end a run. */
public enum FinalStatus {
    SUCCEEDED, FAILED, CANCELLED
}

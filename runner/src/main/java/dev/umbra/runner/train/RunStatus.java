package dev.umbra.runner.train;

/** How a training run ended. */
public enum RunStatus {
    /** Every epoch done, final checkpoint and evaluation written. */
    SUCCEEDED,
    /** Stopped on request of a user; a checkpoint holds the last step. */
    CANCELLED,
    /** Stopped by a shutdown (SIGTERM, lost lease); resume from the checkpoint it wrote. */
    INTERRUPTED,
    /** Stopped by the collapse detector because the spec asked for it. */
    COLLAPSED
}

package dev.umbra.scheduler.kubernetes;

import java.time.Instant;

/**
 * A runner pod the launcher started for a run (one Job per launch), as it last saw it.
 *
 * @param failedLaunch true when this launch did not get its run trained (see {@link Phase})
 * @param reason       why it is pending, failed or was deleted, in Kubernetes' words where it gave some
 */
public record LaunchedPod(String jobName, long runId, long teamId, int launch, Phase phase, boolean failedLaunch,
                          String reason, Instant launchedAt, Instant observedAt) {

    public enum Phase {
        /** Not running yet: unscheduled, pulling its image, or starting. */
        PENDING,
        RUNNING,
        /** The agent exited normally (its run ended, or the run was no longer waiting for it). */
        SUCCEEDED,
        /** The pod failed (evicted, out of memory, image missing, the agent crashed, …). */
        FAILED,
        /** The launcher deleted it: its run was cancelled, deleted or taken by another runner, or it never ran. */
        DELETED;

        boolean active() {
            return this == PENDING || this == RUNNING;
        }
    }

    LaunchedPod with(Phase newPhase, boolean failed, String why) {
        return new LaunchedPod(jobName, runId, teamId, launch, newPhase, failed, why, launchedAt, observedAt);
    }
}

package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A runner pod the Kubernetes launcher started for a run (one Job per launch), as it last saw it.
 *
 * @param phase        PENDING, RUNNING, SUCCEEDED, FAILED, or DELETED (by the launcher: its run was
 *                     cancelled, deleted or taken by another runner, or the pod never started)
 * @param failedLaunch this launch did not get its run trained (the pod failed, never scheduled, or ended
 *                     while the run was still queued); a run is launched again after a backoff
 * @param reason       why it is pending, failed or was deleted, in Kubernetes' words where it gave some
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LaunchedPodDto(String jobName, long runId, int launch, String phase, boolean failedLaunch, String reason,
                             Instant launchedAt, Instant observedAt) {
}

package dev.umbra.api.queue;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.QueryParams;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.client.dto.LaunchedPodDto;
import dev.umbra.client.dto.QueueDto;
import dev.umbra.client.dto.RunnerDto;
import dev.umbra.scheduler.QueueStats;
import dev.umbra.scheduler.kubernetes.LaunchedPods;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The queue and the runners as the caller's team sees them (see {@link QueueStats}). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Caller.VIEWER)
public class QueueResource {

    private final QueueStats stats;
    private final LaunchedPods launchedPods;
    private final CurrentTeam team;

    public QueueResource(QueueStats stats, LaunchedPods launchedPods, CurrentTeam team) {
        this.stats = stats;
        this.launchedPods = launchedPods;
        this.team = team;
    }

    /** The team's queued runs in claim order, positioned among the team's own. */
    @GET
    @Path("/queue")
    public QueueDto queue(@QueryParam("limit") String limit) {
        QueueStats.Snapshot s = stats.snapshot(QueryParams.intInRange("limit", limit, 100, 1, 10_000), Optional.of(team.id()));
        Map<String, Long> byState = new LinkedHashMap<>();
        s.runsByState().forEach((state, count) -> byState.put(state.name(), count));
        List<QueueDto.QueuedRunDto> queued = s.queued().stream()
                .map(q -> new QueueDto.QueuedRunDto(q.runId(), q.priority(), q.position(), q.queuedAt(),
                        q.estimatedWait() == null ? null : seconds(q.estimatedWait())))
                .toList();
        return new QueueDto(byState, s.liveRunners(), s.busyRunners(), seconds(s.meanRunDuration()),
                seconds(s.oldestQueuedAge()), queued);
    }

    @GET
    @Path("/runners")
    public List<RunnerDto> runners() {
        return stats.runners(Optional.of(team.id())).stream().map(r -> new RunnerDto(r.id(), r.name(), r.gpus(), r.labels(),
                r.lastHeartbeat(), r.currentRunId(), r.busy(), r.shared(), r.live())).toList();
    }

    /** The pods the Kubernetes launcher started for the team's runs, newest first (empty with the launcher off). */
    @GET
    @Path("/runners/pods")
    public List<LaunchedPodDto> launchedPods(@QueryParam("limit") String limit) {
        return launchedPods.list(Optional.of(team.id()), QueryParams.intInRange("limit", limit, 100, 1, 1000)).stream()
                .map(p -> new LaunchedPodDto(p.jobName(), p.runId(), p.launch(), p.phase().name(), p.failedLaunch(),
                        p.reason(), p.launchedAt(), p.observedAt()))
                .toList();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}

package dev.umbra.scheduler.kubernetes;

import dev.umbra.scheduler.kubernetes.LaunchedPod.Phase;
import dev.umbra.scheduler.kubernetes.LaunchedPods.History;
import dev.umbra.scheduler.kubernetes.LaunchedPods.IdleRunner;
import dev.umbra.scheduler.kubernetes.RunnerJobs.QueuedRun;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps runner pods matched to the queue: one Job per queued run that no idle runner covers, within
 * a global and a per-team cap; deletes the Jobs of runs that were cancelled, deleted or taken by
 * another runner, and of pods that never started. The queue stays the source of truth: a pod only
 * claims its run through the runner protocol, so a pod that dies is handled by the run's lease,
 * fencing and backoff like any runner, and the launcher launches the requeued run again. All
 * state is read each pass, from Kubernetes (the Jobs' labels) and PostgreSQL, so a restarted
 * launcher adopts the pods it finds and creates no duplicates; Job names are deterministic per
 * (run, launch), so even a second launcher racing this one gets a conflict, not a second pod.
 * The platform runs one pass at a time on one replica.
 */
public final class KubernetesLauncher {

    private static final Logger LOG = Logger.getLogger(KubernetesLauncher.class);
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private final KubernetesClient client;
    private final LaunchedPods pods;
    private final Clock clock;
    private final LauncherSettings settings;
    private final Duration liveRunner;
    /** Runs whose labels no node selector can express, warned about once per launcher. */
    private final Set<Long> warnedUnlaunchable = ConcurrentHashMap.newKeySet();

    /** @param liveRunner a runner heard from within this long counts as live (the queue's lease) */
    public KubernetesLauncher(KubernetesClient client, DataSource dataSource, Clock clock, LauncherSettings settings,
                              Duration liveRunner) {
        this.client = client;
        this.pods = new LaunchedPods(dataSource);
        this.clock = clock;
        this.settings = settings;
        this.liveRunner = liveRunner;
    }

    /** What one pass did. */
    public record Pass(List<String> launched, List<String> deleted, int active) {
    }

    /** One pass: observe the Jobs, clean up, record, launch. */
    public Pass reconcile() {
        Instant now = clock.instant();
        List<Job> jobs = client.batch().v1().jobs().inNamespace(settings.namespace())
                .withLabel(RunnerJobs.MANAGED_BY, RunnerJobs.LAUNCHER).list().getItems().stream()
                .filter(RunnerJobs::isOurs).toList();
        Map<String, List<Pod>> podsByJob = client.pods().inNamespace(settings.namespace())
                .withLabel(RunnerJobs.MANAGED_BY, RunnerJobs.LAUNCHER).list().getItems().stream()
                .filter(p -> p.getMetadata().getLabels().get(RunnerJobs.JOB) != null)
                .collect(Collectors.groupingBy(p -> p.getMetadata().getLabels().get(RunnerJobs.JOB)));
        List<LaunchedPod> observed = jobs.stream()
                .map(j -> RunnerJobs.observe(j, podsByJob.getOrDefault(j.getMetadata().getName(), List.of()), now))
                .toList();
        Map<Long, String> statuses = pods.statuses(observed.stream().map(LaunchedPod::runId).collect(Collectors.toSet()));

        List<LaunchedPod> snapshot = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        Set<Long> covered = new HashSet<>();
        Map<Long, Integer> lastLaunch = new HashMap<>();
        Map<Long, Integer> activeByTeam = new HashMap<>();
        int active = 0;
        for (LaunchedPod pod : observed) {
            lastLaunch.merge(pod.runId(), pod.launch(), Math::max);
            String status = statuses.get(pod.runId());
            LaunchedPod seen = pod;
            if (pod.phase().active()) {
                Optional<LaunchedPod> deletion = deletion(pod, status, now);
                if (deletion.isPresent()) {
                    delete(pod.jobName());
                    deleted.add(pod.jobName());
                    seen = deletion.get();
                } else {
                    covered.add(pod.runId());
                    activeByTeam.merge(pod.teamId(), 1, Integer::sum);
                    active++;
                }
            } else if (pod.phase() == Phase.SUCCEEDED && "QUEUED".equals(status)) {
                seen = pod.with(Phase.SUCCEEDED, true, "the runner ended while its run was still queued");
            }
            if (status != null) {
                snapshot.add(seen); // a deleted run's launches go with it
            }
        }
        pods.record(snapshot, now.minus(settings.ttlAfterFinished()));

        Map<Long, History> histories = pods.histories();
        List<IdleRunner> idle = new ArrayList<>(pods.idleRunners(now.minus(liveRunner)));
        List<LaunchedPod> launches = new ArrayList<>();
        // A team's first runs may be skipped (an idle runner takes them, their pods keep failing, …):
        // read that many more of each team's queue than its cap.
        int perTeam = settings.maxPodsPerTeam() + idle.size() + histories.size() + warnedUnlaunchable.size();
        for (QueuedRun run : pods.queued(now, covered, perTeam)) {
            if (active >= settings.maxPods()) {
                break;
            }
            if (activeByTeam.getOrDefault(run.teamId(), 0) >= settings.maxPodsPerTeam() || takenByIdleRunner(idle, run)) {
                continue;
            }
            History history = histories.get(run.id());
            if (history != null && history.failedLaunches() > 0 && !dueAgain(history, now)) {
                continue;
            }
            Optional<String> unlaunchable = RunnerJobs.unlaunchable(run);
            if (unlaunchable.isPresent()) {
                if (warnedUnlaunchable.add(run.id())) {
                    LOG.warnf("run %d is not launched on Kubernetes: %s", run.id(), unlaunchable.get());
                }
                continue;
            }
            int launch = 1 + Math.max(lastLaunch.getOrDefault(run.id(), 0), history == null ? 0 : history.lastLaunch());
            Job job = RunnerJobs.job(run, launch, settings, now);
            try {
                client.batch().v1().jobs().inNamespace(settings.namespace()).resource(job).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    continue; // another pass created it since this one listed the Jobs
                }
                throw e;
            }
            launches.add(RunnerJobs.observe(job, List.of(), now));
            activeByTeam.merge(run.teamId(), 1, Integer::sum);
            active++;
        }
        if (!launches.isEmpty()) {
            pods.record(launches, now.minus(settings.ttlAfterFinished()));
        }
        List<String> launched = launches.stream().map(LaunchedPod::jobName).toList();
        if (!launched.isEmpty() || !deleted.isEmpty()) {
            LOG.infof("Kubernetes launcher: launched %s, deleted %s; %d pods active", launched, deleted, active);
        }
        return new Pass(launched, deleted, active);
    }

    /** Why an active pod should go, as the record of its deletion; empty when it should stay. */
    private Optional<LaunchedPod> deletion(LaunchedPod pod, String runStatus, Instant now) {
        if (runStatus == null) {
            return Optional.of(pod.with(Phase.DELETED, false, "its run was deleted"));
        }
        if (FINAL.contains(runStatus)) {
            return Optional.of(pod.with(Phase.DELETED, false, "its run ended as " + runStatus));
        }
        if (pod.phase() == Phase.PENDING && !"QUEUED".equals(runStatus)) {
            return Optional.of(pod.with(Phase.DELETED, false, "its run was taken by another runner before the pod started"));
        }
        if (pod.phase() == Phase.PENDING && !now.isBefore(pod.launchedAt().plus(settings.pendingTimeout()))) {
            return Optional.of(pod.with(Phase.DELETED, true, "not running after " + settings.pendingTimeout().toSeconds()
                    + " s (" + pod.reason() + ")"));
        }
        return Optional.empty();
    }

    /** An idle runner that covers the run will claim it: it takes the run (and is no longer idle). */
    private static boolean takenByIdleRunner(List<IdleRunner> idle, QueuedRun run) {
        for (int i = 0; i < idle.size(); i++) {
            if (idle.get(i).covers(run)) {
                idle.remove(i);
                return true;
            }
        }
        return false;
    }

    /** After its pods failed: not at all past the cap, otherwise after a backoff doubled per failure. */
    private boolean dueAgain(History history, Instant now) {
        if (history.failedLaunches() >= settings.maxFailedLaunches()) {
            return false;
        }
        long factor = 1L << Math.min(history.failedLaunches() - 1, 20);
        Duration backoff = settings.backoffBase().multipliedBy(factor);
        if (backoff.compareTo(settings.backoffMax()) > 0) {
            backoff = settings.backoffMax();
        }
        return !now.isBefore(history.lastFailedLaunchAt().plus(backoff));
    }

    private void delete(String jobName) {
        // Background propagation: the Job goes now, its pod after it (SIGTERM: the agent hands its run back).
        client.batch().v1().jobs().inNamespace(settings.namespace()).withName(jobName)
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }
}

package dev.umbra.scheduler.kubernetes;

import dev.umbra.scheduler.kubernetes.LaunchedPod.Phase;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Job the launcher creates for a run, and what a Job and its pod say about that launch. Jobs and
 * their pods carry the run, team, launch number and Job name as labels: the launcher finds its work
 * in Kubernetes by them, never in its own memory, so a restarted launcher adopts what it finds.
 */
final class RunnerJobs {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String LAUNCHER = "umbra-launcher";
    static final String RUN = "umbra.dev/run-id";
    static final String TEAM = "umbra.dev/team-id";
    static final String LAUNCH = "umbra.dev/launch";
    static final String JOB = "umbra.dev/job";
    /** When the launcher created the Job, by its own clock (pending timeouts are measured on it). */
    static final String LAUNCHED_AT = "umbra.dev/launched-at";
    /** The resource NVIDIA's device plugin offers, and the taint GPU nodes commonly carry. */
    static final String GPU = "nvidia.com/gpu";
    /** GPU memory per device in MiB, as NVIDIA's GPU feature discovery labels nodes. */
    static final String GPU_MEMORY_LABEL = "nvidia.com/gpu.memory";
    /** A run's label {@code a100} asks for nodes labelled {@code umbra.dev/a100=true} (and tolerates their taint). */
    static final String NODE_LABEL_PREFIX = "umbra.dev/";
    /** What a Kubernetes label name allows (a run label may also end in '.', '-' or '_', which it does not). */
    private static final Pattern LABEL_NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]*[a-z0-9])?");

    private RunnerJobs() {
    }

    /** What the launcher needs to know of a queued run. */
    record QueuedRun(long id, long teamId, int gpus, int gpuMemoryGb, List<String> labels) {
    }

    static String name(long runId, int launch) {
        return "umbra-run-" + runId + "-" + launch;
    }

    /** Why this run cannot be launched as a pod, or empty when it can. */
    static Optional<String> unlaunchable(QueuedRun run) {
        return run.labels().stream().filter(l -> !LABEL_NAME.matcher(l).matches()).findFirst()
                .map(l -> "label " + l + " cannot be a Kubernetes node label (it must end in a letter or digit)");
    }

    static Job job(QueuedRun run, int launch, LauncherSettings settings, Instant now) {
        String name = name(run.id(), launch);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, LAUNCHER);
        labels.put("app.kubernetes.io/component", "runner");
        labels.put(RUN, Long.toString(run.id()));
        labels.put(TEAM, Long.toString(run.teamId()));
        labels.put(LAUNCH, Integer.toString(launch));
        labels.put(JOB, name);

        List<String> args = new ArrayList<>(List.of("agent", "--server", settings.serverUrl(), "--run-id",
                Long.toString(run.id()), "--name", name, "--gpus", Integer.toString(run.gpus()), "--gpu-memory-gb",
                Integer.toString(run.gpuMemoryGb()), "--work-dir", "/work", "--cache-dir", "/cache"));
        if (!run.labels().isEmpty()) {
            args.addAll(List.of("--labels", String.join(",", run.labels())));
        }

        Quantity memory = run.gpus() > 0 ? times(settings.memoryPerGpu(), run.gpus()) : settings.cpuRunMemory();
        Map<String, Quantity> requests = new LinkedHashMap<>();
        requests.put("memory", memory);
        Map<String, Quantity> limits = new LinkedHashMap<>(requests);
        if (run.gpus() > 0) {
            limits.put(GPU, new Quantity(Integer.toString(run.gpus())));
        }

        Map<String, String> nodeSelector = new LinkedHashMap<>();
        List<Toleration> tolerations = new ArrayList<>();
        for (String label : run.labels()) {
            nodeSelector.put(NODE_LABEL_PREFIX + label, "true");
            tolerations.add(new TolerationBuilder().withKey(NODE_LABEL_PREFIX + label).withOperator("Equal")
                    .withValue("true").withEffect("NoSchedule").build());
        }
        if (run.gpus() > 0) {
            tolerations.add(new TolerationBuilder().withKey(GPU).withOperator("Exists").withEffect("NoSchedule").build());
        }

        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(settings.namespace()).withLabels(labels)
                    .withAnnotations(Map.of(LAUNCHED_AT, now.toString())).endMetadata()
                .withNewSpec()
                    // The queue retries (leases, backoff); a Job that retried by itself would race it.
                    .withBackoffLimit(0)
                    .withTtlSecondsAfterFinished(Math.toIntExact(settings.ttlAfterFinished().toSeconds()))
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            // The agent speaks only to the platform; it needs no Kubernetes credentials.
                            .withAutomountServiceAccountToken(false)
                            // On SIGTERM (eviction, deletion) the agent checkpoints and hands its run back.
                            .withTerminationGracePeriodSeconds(150L)
                            .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
                            .withTolerations(tolerations.isEmpty() ? null : tolerations)
                            .withAffinity(gpuMemoryAffinity(run.gpuMemoryGb()))
                            // The runner image runs as a non-root user (runner/pom.xml's Jib settings).
                            .withNewSecurityContext().withRunAsNonRoot(true).endSecurityContext()
                            .addNewContainer()
                                .withName("runner")
                                .withImage(settings.image())
                                .withArgs(args)
                                .addNewEnv().withName("UMBRA_RUNNER_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                                    .withName(settings.tokenSecret()).withKey("token").endSecretKeyRef().endValueFrom().endEnv()
                                .withNewResources().withRequests(requests).withLimits(limits).endResources()
                                .withNewSecurityContext().withReadOnlyRootFilesystem(true)
                                    .withAllowPrivilegeEscalation(false).withNewCapabilities().addToDrop("ALL").endCapabilities()
                                .endSecurityContext()
                                // Everything the runner writes: its run work, the dataset cache, and (under
                                // /tmp, its user.home) DJL's unpacked natives.
                                .addNewVolumeMount().withName("work").withMountPath("/work").endVolumeMount()
                                .addNewVolumeMount().withName("cache").withMountPath("/cache").endVolumeMount()
                                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                            .endContainer()
                            .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
                            .addNewVolume().withName("cache").withNewEmptyDir().endEmptyDir().endVolume()
                            .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** Nodes whose GPUs have at least the memory asked for (GPU feature discovery's label, in MiB). */
    private static Affinity gpuMemoryAffinity(int gpuMemoryGb) {
        if (gpuMemoryGb <= 0) {
            return null;
        }
        return new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey(GPU_MEMORY_LABEL).withOperator("Gt")
                .withValues(Integer.toString(gpuMemoryGb * 1024 - 1)).endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build();
    }

    private static Quantity times(Quantity quantity, int factor) {
        return new Quantity(new BigDecimal(quantity.getAmount()).multiply(BigDecimal.valueOf(factor)).toPlainString(),
                quantity.getFormat());
    }

    /** The launch a Job stands for, as it is now (its reason in Kubernetes' words where it gave some). */
    static LaunchedPod observe(Job job, List<Pod> pods, Instant now) {
        Map<String, String> labels = job.getMetadata().getLabels();
        String launchedAt = job.getMetadata().getAnnotations() == null ? null
                : job.getMetadata().getAnnotations().get(LAUNCHED_AT);
        Phase phase;
        String reason;
        JobStatus status = job.getStatus();
        Optional<JobCondition> failed = condition(status, "Failed");
        if (status != null && (positive(status.getSucceeded()) || condition(status, "Complete").isPresent())) {
            phase = Phase.SUCCEEDED;
            reason = null;
        } else if (status != null && (positive(status.getFailed()) || failed.isPresent())) {
            phase = Phase.FAILED;
            reason = pods.stream().map(RunnerJobs::podProblem).flatMap(Optional::stream).findFirst()
                    .or(() -> failed.map(c -> words(c.getReason(), c.getMessage())))
                    .orElse("the pod failed");
        } else if (pods.stream().anyMatch(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))) {
            phase = Phase.RUNNING;
            reason = null;
        } else {
            phase = Phase.PENDING;
            reason = pods.isEmpty() ? "no pod yet"
                    : pods.stream().map(RunnerJobs::podProblem).flatMap(Optional::stream).findFirst().orElse("starting");
        }
        return new LaunchedPod(job.getMetadata().getName(), Long.parseLong(labels.get(RUN)), Long.parseLong(labels.get(TEAM)),
                Integer.parseInt(labels.get(LAUNCH)), phase, phase == Phase.FAILED, reason,
                launchedAt == null ? now : Instant.parse(launchedAt), now);
    }

    /** Whether a Job is the launcher's and carries every label it reads. */
    static boolean isOurs(Job job) {
        Map<String, String> labels = job.getMetadata().getLabels();
        return labels != null && LAUNCHER.equals(labels.get(MANAGED_BY)) && isNumber(labels.get(RUN))
                && isNumber(labels.get(TEAM)) && isNumber(labels.get(LAUNCH));
    }

    /** Why a pod is not running or stopped: unschedulable, an image that cannot be pulled, eviction, OOM, … */
    private static Optional<String> podProblem(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        if (pod.getStatus().getReason() != null) {
            return Optional.of(words(pod.getStatus().getReason(), pod.getStatus().getMessage()));
        }
        List<ContainerStatus> containers = pod.getStatus().getContainerStatuses() == null ? List.of()
                : pod.getStatus().getContainerStatuses();
        for (ContainerStatus c : containers) {
            if (c.getState() != null && c.getState().getWaiting() != null && c.getState().getWaiting().getReason() != null) {
                return Optional.of(words(c.getState().getWaiting().getReason(), c.getState().getWaiting().getMessage()));
            }
            if (c.getState() != null && c.getState().getTerminated() != null
                    && !Integer.valueOf(0).equals(c.getState().getTerminated().getExitCode())) {
                var terminated = c.getState().getTerminated();
                return Optional.of(words(terminated.getReason(), "exit code " + terminated.getExitCode()));
            }
        }
        List<PodCondition> conditions = pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
        return conditions.stream().filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                .findFirst().map(c -> words(c.getReason(), c.getMessage()));
    }

    private static Optional<JobCondition> condition(JobStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }

    private static String words(String reason, String message) {
        if (reason == null) {
            return message;
        }
        return message == null || message.isBlank() ? reason : reason + ": " + message;
    }

    private static boolean positive(Integer count) {
        return count != null && count > 0;
    }

    private static boolean isNumber(String value) {
        return value != null && value.matches("[0-9]{1,18}");
    }
}

package dev.umbra.scheduler.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.scheduler.Lease;
import dev.umbra.scheduler.MutableClock;
import dev.umbra.scheduler.QueueSettings;
import dev.umbra.scheduler.RunQueue;
import dev.umbra.scheduler.RunnerCapabilities;
import dev.umbra.scheduler.RunnerRegistry;
import dev.umbra.scheduler.TestDatabase;
import dev.umbra.scheduler.kubernetes.LaunchedPod.Phase;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher against fabric8's Kubernetes mock server in CRUD mode (it stores what it is sent and
 * answers lists, label selectors and deletes like an API server, but runs no controllers: the tests
 * play the Job controller and the kubelet by writing Job and pod statuses) and a real PostgreSQL.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesLauncherTest {

    private static final String NS = "umbra";
    private static final String[] NO_LABELS = {};

    KubernetesClient client;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final QueueSettings queueSettings = new QueueSettings(Duration.ofSeconds(10), Duration.ofSeconds(4),
            Duration.ofSeconds(30));
    private final LauncherSettings settings = new LauncherSettings(NS, "registry.example/umbra-runner:1",
            "http://umbra:8080", "umbra-runner-token", 3, 2, Duration.ofMinutes(10), Duration.ofMinutes(10),
            new Quantity("16Gi"), new Quantity("8Gi"), 3, Duration.ofSeconds(5), Duration.ofMinutes(5));
    private RunQueue queue;
    private long team;
    private long experiment;
    private long dataset;

    @BeforeEach
    void setUp() throws Exception {
        TestDatabase.clear();
        queue = new RunQueue(TestDatabase.dataSource(), clock, queueSettings);
        team = TestDatabase.defaultTeam();
        experiment = TestDatabase.experiment(team);
        dataset = TestDatabase.dataset(team);
    }

    private KubernetesLauncher launcher() {
        return new KubernetesLauncher(client, TestDatabase.dataSource(), clock, settings, queueSettings.lease());
    }

    private long queued(long ofTeam, int gpus, String... labels) throws Exception {
        clock.advance(Duration.ofSeconds(1));
        long exp = ofTeam == team ? experiment : TestDatabase.experiment(ofTeam);
        long data = ofTeam == team ? dataset : TestDatabase.dataset(ofTeam);
        return TestDatabase.run(ofTeam, exp, data, 0, gpus, labels, clock.instant());
    }

    private List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(NS).list().getItems();
    }

    private Job job(String name) {
        return client.batch().v1().jobs().inNamespace(NS).withName(name).get();
    }

    private Optional<LaunchedPod> pod(String jobName) {
        return new LaunchedPods(TestDatabase.dataSource()).list(Optional.empty(), 100).stream()
                .filter(p -> p.jobName().equals(jobName)).findFirst();
    }

    /** What the pod the Job controller would start says about itself. */
    private void podOf(String jobName, String phase, String condition, String message) {
        client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(jobName + "-x").withLabels(job(jobName).getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata()
                .withNewStatus().withPhase(phase)
                .addNewCondition().withType("PodScheduled").withStatus(condition == null ? "True" : "False")
                .withReason(condition).withMessage(message).endCondition()
                .endStatus().build()).create();
    }

    /** What the Job controller writes when the Job's pod failed (backoffLimit 0). */
    private void jobFailed(String jobName) {
        client.batch().v1().jobs().inNamespace(NS).withName(jobName).editStatus(j -> {
            j.setStatus(new JobStatusBuilder().withFailed(1).build());
            return j;
        });
    }

    @Test
    void eachQueuedRunGetsOneJobShapedByItsRequest() throws Exception {
        long gpuRun = queued(team, 2, "a100");
        long cpuRun = queued(team, 0);

        KubernetesLauncher.Pass pass = launcher().reconcile();

        String gpuJob = "umbra-run-" + gpuRun + "-1";
        String cpuJob = "umbra-run-" + cpuRun + "-1";
        assertThat(pass.launched()).containsExactly(gpuJob, cpuJob);
        Job gpu = job(gpuJob);
        assertThat(gpu.getSpec().getBackoffLimit()).isZero();
        assertThat(gpu.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
        assertThat(gpu.getMetadata().getLabels()).containsEntry("umbra.dev/run-id", Long.toString(gpuRun))
                .containsEntry("umbra.dev/team-id", Long.toString(team)).containsEntry("app.kubernetes.io/managed-by", "umbra-launcher");
        var pod = gpu.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("umbra.dev/a100", "true"));
        assertThat(pod.getTolerations()).extracting(t -> t.getKey() + " " + t.getOperator() + " " + t.getEffect())
                .containsExactlyInAnyOrder("umbra.dev/a100 Equal NoSchedule", "nvidia.com/gpu Exists NoSchedule");
        Container runner = pod.getContainers().get(0);
        assertThat(runner.getImage()).isEqualTo("registry.example/umbra-runner:1");
        assertThat(String.join(" ", runner.getArgs())).isEqualTo("agent --server http://umbra:8080 --run-id " + gpuRun
                + " --name " + gpuJob + " --gpus 2 --gpu-memory-gb 0 --work-dir /work --cache-dir /cache --labels a100");
        assertThat(runner.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("32Gi"));
        assertThat(runner.getResources().getRequests()).containsEntry("memory", new Quantity("32Gi"));
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(runner.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(runner.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(runner.getVolumeMounts()).extracting(m -> m.getMountPath()).containsExactlyInAnyOrder("/work", "/cache", "/tmp");
        var token = runner.getEnv().get(0);
        assertThat(token.getName()).isEqualTo("UMBRA_RUNNER_TOKEN");
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("umbra-runner-token");
        assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");

        var cpu = job(cpuJob).getSpec().getTemplate().getSpec();
        assertThat(cpu.getNodeSelector()).isNullOrEmpty();
        assertThat(cpu.getContainers().get(0).getResources().getLimits()).doesNotContainKey("nvidia.com/gpu")
                .containsEntry("memory", new Quantity("8Gi"));

        assertThat(launcher().reconcile().launched()).as("a run with a pod gets no second one").isEmpty();
        assertThat(jobs()).hasSize(2);
        assertThat(pod(cpuJob)).get().extracting(LaunchedPod::phase, LaunchedPod::reason)
                .containsExactly(Phase.PENDING, "no pod yet");
    }

    @Test
    void capsHoldForAllTeamsAndForEachTeam() throws Exception {
        long other = TestDatabase.team("other");
        long a1 = queued(team, 0);
        long a2 = queued(team, 0);
        queued(team, 0);
        queued(team, 0);
        long b1 = queued(other, 0);
        queued(other, 0);

        KubernetesLauncher.Pass pass = launcher().reconcile();

        assertThat(pass.launched()).containsExactly("umbra-run-" + a1 + "-1", "umbra-run-" + a2 + "-1", "umbra-run-" + b1 + "-1");
        assertThat(pass.active()).isEqualTo(3);
        assertThat(launcher().reconcile().launched()).isEmpty();
        assertThat(jobs()).hasSize(3);
    }

    @Test
    void aPodThatDiesRequeuesItsRunThroughTheLeaseAndANewPodAppears() throws Exception {
        long run = queued(team, 0);
        launcher().reconcile();
        String first = "umbra-run-" + run + "-1";
        // The pod's agent registers under the Job's name and claims its run.
        long podRunner = new RunnerRegistry(TestDatabase.dataSource(), clock)
                .register(first, "1", first, new RunnerCapabilities(0, 0, List.of()), TestDatabase.token());
        Lease lease = queue.claimRun(podRunner, new RunnerCapabilities(0, 0, List.of()), run).orElseThrow();
        podOf(first, "Running", null, null);
        assertThat(launcher().reconcile().launched()).isEmpty();
        assertThat(pod(first)).get().extracting(LaunchedPod::phase).isEqualTo(Phase.RUNNING);

        // The node runs out of memory: the pod is killed, the Job fails, heartbeats stop.
        client.pods().inNamespace(NS).withName(first + "-x").editStatus(p -> new PodBuilder(p).editStatus().withPhase("Failed")
                .withReason("Evicted").withMessage("The node was low on resource: memory.").endStatus().build());
        jobFailed(first);
        assertThat(launcher().reconcile().launched()).as("the run is still leased").isEmpty();
        assertThat(pod(first)).get().extracting(LaunchedPod::phase, LaunchedPod::failedLaunch, LaunchedPod::reason)
                .containsExactly(Phase.FAILED, true, "Evicted: The node was low on resource: memory.");

        clock.advance(queueSettings.lease().plusSeconds(1));
        assertThat(queue.reap().requeued()).containsExactly(run);
        assertThat(launcher().reconcile().launched()).as("the requeued run waits out its backoff").isEmpty();

        clock.advance(Duration.ofSeconds(5));
        assertThat(launcher().reconcile().launched()).containsExactly("umbra-run-" + run + "-2");
        assertThat(lease.attempt()).isEqualTo(1);
        assertThat(jobs()).extracting(j -> j.getMetadata().getName()).containsExactlyInAnyOrder(first, "umbra-run-" + run + "-2");
    }

    @Test
    void cancellingOrDeletingARunDeletesItsJob() throws Exception {
        long cancelled = queued(team, 0);
        long deleted = queued(team, 0);
        launcher().reconcile();
        assertThat(jobs()).hasSize(2);

        queue.cancel(cancelled);
        TestDatabase.string("DELETE FROM run WHERE id = " + deleted + " RETURNING id");
        KubernetesLauncher.Pass pass = launcher().reconcile();

        assertThat(pass.deleted()).containsExactlyInAnyOrder("umbra-run-" + cancelled + "-1", "umbra-run-" + deleted + "-1");
        assertThat(jobs()).isEmpty();
        assertThat(pod("umbra-run-" + cancelled + "-1")).get().extracting(LaunchedPod::phase, LaunchedPod::reason)
                .containsExactly(Phase.DELETED, "its run ended as CANCELLED");
    }

    @Test
    void aRestartedLauncherAdoptsTheJobsItFindsAndCreatesNoDuplicates() throws Exception {
        queued(team, 0);
        queued(team, 1);
        launcher().reconcile();

        KubernetesLauncher restarted = launcher();
        KubernetesLauncher.Pass pass = restarted.reconcile();

        assertThat(pass.launched()).isEmpty();
        assertThat(pass.active()).isEqualTo(2);
        assertThat(jobs()).hasSize(2);
    }

    @Test
    void aPodThatNeverSchedulesIsDeletedAfterTheTimeoutAndItsRunLaunchedAgain() throws Exception {
        long run = queued(team, 4);
        launcher().reconcile();
        String first = "umbra-run-" + run + "-1";
        podOf(first, "Pending", "Unschedulable", "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.");

        clock.advance(Duration.ofMinutes(9));
        assertThat(launcher().reconcile().deleted()).isEmpty();
        assertThat(pod(first)).get().extracting(LaunchedPod::reason)
                .isEqualTo("Unschedulable: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.");

        clock.advance(Duration.ofMinutes(1));
        KubernetesLauncher.Pass pass = launcher().reconcile();

        assertThat(pass.deleted()).containsExactly(first);
        assertThat(pod(first)).get().extracting(LaunchedPod::phase, LaunchedPod::failedLaunch, LaunchedPod::reason)
                .containsExactly(Phase.DELETED, true,
                        "not running after 600 s (Unschedulable: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.)");
        assertThat(pass.launched()).containsExactly("umbra-run-" + run + "-2");
    }

    @Test
    void aPodWhoseRunAnotherRunnerTookBeforeItStartedIsDeleted() throws Exception {
        long run = queued(team, 0);
        launcher().reconcile();
        long node = new RunnerRegistry(TestDatabase.dataSource(), clock)
                .register("gpu-node-1", "1", "h", new RunnerCapabilities(1, 0, List.of()), TestDatabase.token());
        queue.claim(node, new RunnerCapabilities(1, 0, List.of())).orElseThrow();

        assertThat(launcher().reconcile().deleted()).containsExactly("umbra-run-" + run + "-1");
        assertThat(pod("umbra-run-" + run + "-1")).get().extracting(LaunchedPod::failedLaunch).isEqualTo(false);
    }

    @Test
    void anIdleRunnerThatCoversARunLeavesItNoPod() throws Exception {
        new RunnerRegistry(TestDatabase.dataSource(), clock)
                .register("gpu-node-1", "1", "h", new RunnerCapabilities(1, 0, List.of()), TestDatabase.token());
        long forTheNode = queued(team, 1);
        long needsTwo = queued(team, 2);
        long alsoCovered = queued(team, 0);

        assertThat(launcher().reconcile().launched())
                .as("the idle node takes the first run it covers; the others get pods")
                .containsExactly("umbra-run-" + needsTwo + "-1", "umbra-run-" + alsoCovered + "-1");
        assertThat(jobs()).extracting(j -> j.getMetadata().getLabels().get("umbra.dev/run-id"))
                .doesNotContain(Long.toString(forTheNode));
    }

    @Test
    void podsThatKeepFailingAreRetriedAfterABackoffAndThenNoMore() throws Exception {
        long run = queued(team, 0);
        for (int launch = 1; launch <= 3; launch++) {
            String name = "umbra-run-" + run + "-" + launch;
            assertThat(launcher().reconcile().launched()).containsExactly(name);
            jobFailed(name);
            assertThat(launcher().reconcile().launched()).as("backoff after launch " + launch).isEmpty();
            clock.advance(Duration.ofSeconds(5L << (launch - 1)));
        }
        clock.advance(Duration.ofMinutes(5));
        assertThat(launcher().reconcile().launched()).as("three failed launches: no fourth").isEmpty();
        assertThat(TestDatabase.status(run)).isEqualTo("QUEUED");
    }
}

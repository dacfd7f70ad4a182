package dev.umbra.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failures with real processes: a runner killed with SIGKILL, stopped with SIGTERM or frozen past
 * its lease, and the platform restarted mid-run. Short leases (10 s) stand in for minutes.
 */
class FaultToleranceIT {

    /** 12 epochs of 6 steps, a checkpoint each epoch, kNN at the end: long enough to be interrupted. */
    static final String SPEC = """
            {"dataset": "fashion-mnist-sample", "method": {"name": "simclr"}, "epochs": 12, "max_steps_per_epoch": 6,
             "batch_size": 64, "optimizer": {"name": "adam", "lr": 0.001}, "seed": %d,
             "evaluation": {"protocols": ["knn/v1"], "knn_every_epochs": 0, "diagnostics": false},
             "checkpoint": {"every_epochs": 1, "keep_last": 2}}
            """;
    static final long TOTAL_STEPS = 72;

    private static Path root;
    private static PlatformProcess platform;
    private static Runs runs;
    private static String token;
    private static long experiment;

    @BeforeAll
    static void startPlatform() throws Exception {
        root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "faults-");
        platform = new PlatformProcess(root.resolve("platform"), Map.of(
                "umbra.local-runners.count", "0",
                "umbra.scheduler.lease", "10s",
                "umbra.scheduler.reap-interval", "1s",
                "umbra.scheduler.backoff-base", "1s")).start();
        runs = new Runs(platform);
        token = platform.post("api/v1/runner-tokens", Map.of("name", "fault tests")).path("token").asText();
        experiment = runs.experiment("fault tolerance");
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    /** A failed test must not leave a run behind for the next test's runners to pick up. */
    @AfterEach
    void cancelLeftovers() {
        for (var run : platform.get("api/v1/experiments/" + experiment + "/runs?limit=500").path("items")) {
            String status = run.path("status").asText();
            if (status.equals("QUEUED") || status.equals("LEASED") || status.equals("RUNNING")) {
                platform.post("api/v1/runs/" + run.path("id").asLong() + "/cancel", null);
            }
        }
    }

    private AgentProcess agent(String name) {
        return AgentProcess.start(platform.url(), token, name, root);
    }

    @Test
    void aKilledRunnersRunResumesElsewhereFromItsCheckpointWithIdenticalResults() {
        long reference = runs.submit(experiment, SPEC.formatted(11));
        try (AgentProcess solo = agent("solo")) {
            runs.awaitStatus(reference, "SUCCEEDED", Duration.ofMinutes(5));
        }

        long interrupted = runs.submit(experiment, SPEC.formatted(11));
        try (AgentProcess first = agent("doomed")) {
            Processes.await("a checkpoint past epoch 2", Duration.ofMinutes(4), () -> runs.hasCheckpoint(interrupted)
                    && runs.run(interrupted).path("progress").path("epoch").asInt() >= 3);
            first.kill9();
        }
        try (AgentProcess second = agent("rescuer")) {
            runs.awaitStatus(interrupted, "SUCCEEDED", Duration.ofMinutes(5));
            assertThat(second.log()).contains("resuming from checkpoint-");
        }

        assertThat(runs.run(interrupted).path("attempt").asInt()).isEqualTo(2);
        assertThat(runs.latest(interrupted, "train/loss")).isEqualTo(runs.latest(reference, "train/loss"));
        assertThat(runs.result(interrupted, "knn/v1", "knn/top1")).isEqualTo(runs.result(reference, "knn/v1", "knn/top1"));
        assertThat(runs.steps(interrupted, "train/loss_step")).containsExactlyElementsOf(steps());
    }

    @Test
    void sigtermCheckpointsAndHandsTheRunBack() {
        long run = runs.submit(experiment, SPEC.formatted(12));
        try (AgentProcess first = agent("leaving")) {
            Processes.await("run " + run + " to train", Duration.ofMinutes(4),
                    () -> runs.run(run).path("progress").path("epoch").asInt() >= 2);
            assertThat(first.terminate(90)).as("the agent exits after SIGTERM").isTrue();
            assertThat(first.log()).contains("ended here as INTERRUPTED");
        }
        assertThat(runs.status(run)).isEqualTo("QUEUED");
        assertThat(runs.hasCheckpoint(run)).isTrue();

        try (AgentProcess second = agent("arriving")) {
            runs.awaitStatus(run, "SUCCEEDED", Duration.ofMinutes(5));
        }
        assertThat(runs.run(run).path("attempt").asInt()).isEqualTo(2);
        assertThat(runs.steps(run, "train/loss_step")).containsExactlyElementsOf(steps());
    }

    @Test
    void aFrozenRunnerLosesItsRunAndIsFencedWhenItWakes() {
        long run = runs.submit(experiment, SPEC.formatted(13));
        try (AgentProcess frozen = agent("frozen")) {
            Processes.await("run " + run + " to train", Duration.ofMinutes(4),
                    () -> runs.run(run).path("progress").path("epoch").asInt() >= 2);
            frozen.pause();
            Processes.await("the lease to expire and the run to be requeued", Duration.ofMinutes(1),
                    () -> "QUEUED".equals(runs.status(run)));
            try (AgentProcess healthy = agent("healthy")) {
                Processes.await("the run to be claimed again", Duration.ofMinutes(2),
                        () -> runs.run(run).path("attempt").asInt() == 2);
                frozen.resume();
                runs.awaitStatus(run, "SUCCEEDED", Duration.ofMinutes(5));
                Processes.await("the zombie to notice", Duration.ofMinutes(1),
                        () -> frozen.log().contains("no longer holds it"));
            }
        }
        assertThat(runs.run(run).path("attempt").asInt()).isEqualTo(2);
        assertThat(runs.run(run).path("error").isNull()).isTrue();
        assertThat(runs.steps(run, "train/loss_step")).containsExactlyElementsOf(steps());
    }

    @Test
    void restartingThePlatformMidRunLosesAndDuplicatesNothing() {
        long run = runs.submit(experiment, SPEC.formatted(14));
        try (AgentProcess steady = agent("steady")) {
            Processes.await("run " + run + " to train", Duration.ofMinutes(4),
                    () -> runs.run(run).path("progress").path("epoch").asInt() >= 2);
            platform.stop();
            platform.start();
            runs.awaitStatus(run, "SUCCEEDED", Duration.ofMinutes(5));
        }
        assertThat(runs.run(run).path("attempt").asInt()).as("the lease survived the restart").isEqualTo(1);
        assertThat(runs.steps(run, "train/loss_step")).containsExactlyElementsOf(steps());
        assertThat(runs.results(run).size()).isPositive();
    }

    private static List<Long> steps() {
        return LongStream.rangeClosed(1, TOTAL_STEPS).boxed().toList();
    }
}

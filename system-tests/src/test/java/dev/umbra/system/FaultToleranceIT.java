package dev.umbra.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failures with real processes: a runner killed with SIGKILL (also right at a checkpoint), stopped
 * with SIGTERM (also mid-epoch) or frozen past its lease, a dataset cache it cannot write, and the
 * platform restarted mid-run. Short leases (10 s) stand in for minutes. An interrupted run must end
 * exactly as an uninterrupted one: every series but timing, the results and the encoder.
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

    @Test
    void killedAtTheCheckpointBoundaryTheRunLosesNoMetricAndEndsAsAnUninterruptedOne() {
        Reference reference = reference();

        long run = runs.submit(experiment, SPEC.formatted(REFERENCE_SEED));
        try (AgentProcess first = agent("cut-at-checkpoint")) {
            // The moment epoch 3's checkpoint is published, before any later heartbeat could carry metrics.
            awaitQuickly("the checkpoint after epoch 3", () -> hasArtifact(run, "checkpoint-e0003-s000000.ckpt"));
            first.kill9();
        }
        try (AgentProcess second = agent("after-the-cut")) {
            runs.awaitStatus(run, "SUCCEEDED", Duration.ofMinutes(5));
            assertThat(second.log()).contains("resuming from checkpoint-e0003");
        }
        assertSameOutcome(run, reference);
        assertThat(runs.run(run).path("environment").path("intra_op_threads").asInt())
                .as("--threads 1 is what the engine used").isEqualTo(1);
    }

    @Test
    void sigtermMidEpochResumesWithEverySeriesAsAnUninterruptedRun() {
        Reference reference = reference();

        long run = runs.submit(experiment, SPEC.formatted(REFERENCE_SEED));
        try (AgentProcess first = agent("leaving-mid-epoch")) {
            // Any epoch from the third to the second-last will do: a heartbeat must land inside the
            // epoch's middle steps, and one epoch's middle alone can pass between two heartbeats.
            awaitQuickly("run " + run + " in the middle of an epoch from the third on", () -> {
                JsonNode progress = runs.run(run).path("progress");
                int epoch = progress.path("epoch").asInt();
                int step = progress.path("step").asInt();
                return epoch >= 3 && epoch <= 10 && step >= 1 && step <= 4;
            });
            assertThat(first.terminate(60)).as("the agent exits after SIGTERM").isTrue();
            assertThat(first.log()).contains("ended here as INTERRUPTED");
        }
        assertThat(runs.status(run)).isEqualTo("QUEUED");
        try (AgentProcess second = agent("finishing-mid-epoch")) {
            runs.awaitStatus(run, "SUCCEEDED", Duration.ofMinutes(5));
            assertThat(second.log()).contains("resuming from checkpoint-");
        }
        assertSameOutcome(run, reference);
    }

    @Test
    void aDatasetCacheThatCannotBeWrittenFailsTheRunWithItsCause() throws Exception {
        // A file where the cache directory should be: ENOTDIR for every user (a read-only directory
        // would not stop root, which these tests may run as).
        Path cache = Files.writeString(root.resolve("cache-in-the-way"), "not a directory");
        long run = runs.submit(experiment, SPEC.formatted(16));
        try (AgentProcess agent = AgentProcess.start(platform.url(), token, "unwritable", root, cache)) {
            runs.awaitStatus(run, "FAILED", Duration.ofMinutes(1));
            assertThat(runs.run(run).path("error").asText()).contains("cannot fetch dataset").contains("Not a directory");
            assertThat(agent.terminate(15)).as("the agent stops within seconds").isTrue();
        }
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();
        }
    }

    /** The uninterrupted run every interrupted one must match: series, results and encoder. */
    private record Reference(long id, JsonNode run) {
    }

    private static final int REFERENCE_SEED = 21;
    private static Reference reference;

    private Reference reference() {
        if (reference == null) {
            long id = runs.submit(experiment, SPEC.formatted(REFERENCE_SEED));
            try (AgentProcess solo = agent("reference")) {
                runs.awaitStatus(id, "SUCCEEDED", Duration.ofMinutes(5));
            }
            reference = new Reference(id, runs.run(id));
        }
        return reference;
    }

    private void assertSameOutcome(long run, Reference reference) {
        assertThat(runs.run(run).path("error").isNull()).isTrue();
        assertThat(runs.steps(run, "train/loss_step")).containsExactlyElementsOf(steps());
        assertThat(runs.deterministicSeries(run)).isEqualTo(runs.deterministicSeries(reference.id()));
        assertThat(runs.result(run, "knn/v1", "knn/top1")).isEqualTo(runs.result(reference.id(), "knn/v1", "knn/top1"));
        assertThat(encoderSha256(run)).isEqualTo(encoderSha256(reference.id()));
    }

    private String encoderSha256(long run) {
        for (JsonNode a : runs.artifacts(run)) {
            if ("encoder".equals(a.path("kind").asText()) && "encoder.safetensors".equals(a.path("name").asText())) {
                return a.path("sha256").asText();
            }
        }
        throw new AssertionError("run " + run + " has no encoder: " + runs.artifacts(run));
    }

    private boolean hasArtifact(long run, String name) {
        for (JsonNode a : runs.artifacts(run)) {
            if (name.equals(a.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Polls every 20 ms: a fault injected at a boundary should land as close to it as a client can. */
    private static void awaitQuickly(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }

    private static List<Long> steps() {
        return LongStream.rangeClosed(1, TOTAL_STEPS).boxed().toList();
    }
}

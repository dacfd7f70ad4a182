package dev.umbra.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.client.ApiProblemException;
import dev.umbra.client.HttpJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The embedded default end to end: the packaged platform starts its own PostgreSQL and a local
 * runner agent; a run submitted over REST is queued, trained on the bundled sample, evaluated and
 * reported, with its checkpoint and encoder stored.
 */
class EmbeddedDefaultIT {

    static final String SPEC = """
            {"dataset": "fashion-mnist-sample", "method": {"name": "byol"}, "epochs": 2, "max_steps_per_epoch": 5,
             "batch_size": 64, "seed": 3, "evaluation": {"protocols": ["knn/v1", "linear-probe/v1"]}}
            """;

    @Test
    void aSubmittedRunTrainsOnTheLocalRunnerAndReportsEverything() throws Exception {
        Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "embedded-");
        long run;
        Runs runs;
        try (PlatformProcess platform = new PlatformProcess(root, Map.of(
                "umbra.local-runners.jar", Processes.jar("umbra.runner.jar").toString(),
                "umbra.local-runners.threads", "1")).start()) {
            // The first start made an admin whose token only the owner can read, and nothing is open without it.
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("admin-token")))).isEqualTo("rw-------");
            assertThatThrownBy(() -> new HttpJson(platform.url(), null).send("GET", "api/v1/experiments", null, JsonNode.class,
                    Duration.ofSeconds(30))).isInstanceOfSatisfying(ApiProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
            runs = new Runs(platform);
            run = runs.submit(runs.experiment("first steps"), SPEC);

            runs.awaitStatus(run, "SUCCEEDED", Duration.ofMinutes(6));

            JsonNode done = runs.run(run);
            assertThat(done.path("runner_id").isNumber()).isTrue();
            assertThat(done.path("environment").path("device").asText()).isEqualTo("cpu()");
            assertThat(done.path("environment").path("dataset_checksum").asText())
                    .isEqualTo(platform.get("api/v1/datasets").get(0).path("checksum").asText());
            assertThat(done.path("progress").path("fraction").asDouble()).isEqualTo(1.0);
            assertThat(done.path("log_tail").asText()).contains("epoch");
            // The whole log, to its last line: the evaluation after training and the completion are in it.
            JsonNode log = platform.get("api/v1/runs/" + run + "/log?offset=-50");
            List<String> lines = new ArrayList<>();
            log.path("lines").forEach(l -> lines.add(l.path("text").asText()));
            assertThat(lines).anyMatch(l -> l.startsWith("evaluation linear-probe/v1: linear-probe/top1 = "))
                    .last().isEqualTo("completing the run: SUCCEEDED");
            assertThat(runs.steps(run, "train/loss_step")).hasSize(10);
            assertThat(runs.steps(run, "train/loss")).containsExactly(1L, 2L);
            // Random-ish features after 10 steps already beat chance (10 %) by far on Fashion-MNIST.
            assertThat(runs.result(run, "knn/v1", "knn/top1")).isGreaterThan(0.5);
            assertThat(runs.result(run, "linear-probe/v1", "linear-probe/top1")).isGreaterThan(0.5);
            List<String> kinds = new ArrayList<>();
            runs.artifacts(run).forEach(a -> kinds.add(a.path("kind").asText()));
            assertThat(kinds).contains("checkpoint", "encoder", "report");
            assertThat(localRunners(platform)).isNotEmpty();
        }
        Processes.await("the local runner to stop with the platform", Duration.ofMinutes(2),
                () -> ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("")
                        .contains("--work-dir " + root.resolve("runners"))));
    }

    /**
     * Stopping the platform (SIGTERM) stops its local runners while its HTTP server still answers:
     * the run in progress is checkpointed and handed back to the queue, so after a restart it waits
     * QUEUED for the next runner instead of sitting LEASED until its lease expires.
     */
    @Test
    void aRunInProgressWhenThePlatformStopsIsHandedBackByItsLocalRunner() throws Exception {
        Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "embedded-stop-");
        String longSpec = SPEC.replace("\"epochs\": 2", "\"epochs\": 500");
        long run;
        try (PlatformProcess platform = new PlatformProcess(root, Map.of(
                "umbra.local-runners.jar", Processes.jar("umbra.runner.jar").toString(),
                "umbra.local-runners.threads", "1")).start()) {
            Runs runs = new Runs(platform);
            run = runs.submit(runs.experiment("stopped mid-run"), longSpec);
            runs.awaitStatus(run, "RUNNING", Duration.ofMinutes(4));
            Processes.await("run " + run + " to train", Duration.ofMinutes(2), () -> !runs.steps(run, "train/loss_step").isEmpty());
        }
        try (PlatformProcess again = new PlatformProcess(root, Map.of("umbra.local-runners.count", "0")).start()) {
            Runs runs = new Runs(again);
            JsonNode handedBack = runs.run(run);
            assertThat(handedBack.path("status").asText()).as("run %d after the restart: %s", run, handedBack).isEqualTo("QUEUED");
            assertThat(handedBack.path("attempt").asInt()).isEqualTo(1);
            List<String> lines = new ArrayList<>();
            again.get("api/v1/runs/" + run + "/log?offset=-20").path("lines").forEach(l -> lines.add(l.path("text").asText()));
            assertThat(lines).contains("handing the run back: the runner is shutting down");
        }
    }

    /**
     * A local runner killed while it trains (as the kernel kills one short of memory) is started again,
     * and the run it held goes on: back in the queue when its lease expires, then claimed by the new runner.
     */
    @Test
    void aLocalRunnerKilledMidRunIsStartedAgainAndItsRunGoesOn() throws Exception {
        Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "embedded-killed-");
        String longSpec = SPEC.replace("\"epochs\": 2", "\"epochs\": 500");
        try (PlatformProcess platform = new PlatformProcess(root, Map.of(
                "umbra.local-runners.jar", Processes.jar("umbra.runner.jar").toString(),
                "umbra.local-runners.threads", "1",
                "umbra.scheduler.lease", "6s",
                "umbra.scheduler.backoff-base", "1s")).start()) {
            Runs runs = new Runs(platform);
            long run = runs.submit(runs.experiment("runner killed"), longSpec);
            runs.awaitStatus(run, "RUNNING", Duration.ofMinutes(4));
            Processes.await("run " + run + " to train", Duration.ofMinutes(2), () -> !runs.steps(run, "train/loss_step").isEmpty());
            List<ProcessHandle> before = localRunners(platform);
            assertThat(before).hasSize(1);

            before.get(0).destroyForcibly(); // SIGKILL: no checkpoint, no release

            Processes.await("a new local runner", Duration.ofMinutes(1), () -> localRunners(platform).stream()
                    .anyMatch(p -> p.pid() != before.get(0).pid()));
            Processes.await("run " + run + " to be claimed again", Duration.ofMinutes(3), () -> {
                JsonNode now = runs.run(run);
                return now.path("attempt").asInt() == 2 && now.path("status").asText().equals("RUNNING");
            });
            assertThat(platform.log()).contains("Local runner local-1 exited with status 137");
        }
    }

    private static List<ProcessHandle> localRunners(PlatformProcess platform) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains("agent --server " + platform.url())).toList();
    }
}

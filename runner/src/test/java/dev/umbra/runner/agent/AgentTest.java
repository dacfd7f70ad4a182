package dev.umbra.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.client.runner.RunnerClient;
import dev.umbra.client.runner.RunnerRegistration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent against a stub of the runner protocol over HTTP, on the bundled sample with a tiny model. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AgentTest {

    /** 3 epochs of 2 steps, a checkpoint per epoch, no evaluation: what matters here is what is sent, and when. */
    private static final String SPEC = """
            {"dataset": "fashion-mnist-sample", "method": {"name": "simclr", "params": {"proj_hidden_dim": 32,
             "proj_output_dim": 16}}, "backbone": "convnet-s", "epochs": 3, "max_steps_per_epoch": 2, "batch_size": 16,
             "seed": 4, "evaluation": {"protocols": [], "knn_every_epochs": 0, "diagnostics": false},
             "checkpoint": {"every_epochs": 1, "keep_last": 5}}
            """;

    @TempDir
    Path dir;

    private StubPlatform platform;

    @AfterEach
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    private Agent agent(Path cacheDir, int claimWait, int maxRuns) {
        return new Agent(new RunnerClient(platform.url(), "token"),
                new RunnerRegistration("test", "dev", "localhost", 0, 0, List.of()), dir.resolve("work"), cacheDir,
                null, claimWait, maxRuns, null);
    }

    @Test
    void everyMetricOfAnEpochIsAcknowledgedBeforeTheCheckpointAfterItIsUploaded() throws IOException {
        // A heartbeat every minute: without the flush, the metrics would trail the checkpoints.
        platform = new StubPlatform(dir, 60);
        platform.offer(1, SPEC);

        assertThat(agent(dir.resolve("cache"), 1, 1).run()).isEqualTo(1);

        List<String> events = platform.events();
        assertThat(platform.completion()).as(String.join("\n", events)).isEqualTo("SUCCEEDED");
        assertThat(platform.error()).isNull();
        for (int epoch = 1; epoch <= 3; epoch++) {
            int checkpoint = events.indexOf("artifact checkpoint checkpoint-e000" + epoch + "-s000000.ckpt");
            assertThat(checkpoint).as("checkpoint of epoch %d in %s", epoch, events).isPositive();
            List<String> before = events.subList(0, checkpoint);
            assertThat(before).as("before the checkpoint of epoch " + epoch)
                    .contains("metric train/loss " + epoch, "metric train/lr " + epoch,
                            "metric train/loss_step " + (2 * epoch - 1), "metric train/loss_step " + 2 * epoch);
        }
    }

    @Test
    void theWholeLogReachesThePlatformBeforeTheRunCompletes() throws IOException {
        // A heartbeat every minute: the lines of the evaluation and the end arrive only because they are flushed.
        platform = new StubPlatform(dir, 60);
        platform.offer(1, SPEC);

        assertThat(agent(dir.resolve("cache"), 1, 1).run()).isEqualTo(1);

        List<String> events = platform.events();
        List<String> log = events.stream().filter(e -> e.startsWith("log ")).toList();
        for (int i = 0; i < log.size(); i++) {
            assertThat(log.get(i)).as("every line once, in order").startsWith("log " + i + " ");
        }
        assertThat(log).anyMatch(l -> l.contains("SUCCEEDED after 3 epochs"));
        assertThat(log.get(log.size() - 1)).endsWith(" completing the run: SUCCEEDED");
        assertThat(events.indexOf("complete SUCCEEDED")).isGreaterThan(events.lastIndexOf(log.get(log.size() - 1)));
    }

    @Test
    void aDatasetThatCannotBeWrittenFailsTheRunWithItsCauseAndLeavesNothingBehind() throws IOException {
        platform = new StubPlatform(dir, 1);
        platform.offer(1, SPEC);
        // A file where the cache directory should be: ENOTDIR for every user, root included (which a
        // read-only directory would not stop).
        Path cache = Files.writeString(dir.resolve("cache"), "in the way");

        long started = System.nanoTime();
        assertThat(agent(cache, 1, 1).run()).isEqualTo(1);

        assertThat(platform.completion()).startsWith("FAILED: cannot fetch dataset").contains("Not a directory");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("failed, not retried").isLessThan(30);
        assertThat(platform.events()).noneMatch(e -> e.startsWith("artifact")).doesNotContain("release");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void aStopAbandonsThePendingClaimAtOnce() throws Exception {
        platform = new StubPlatform(dir, 1);
        Agent agent = agent(dir.resolve("cache"), 20, 0);
        CompletableFuture<Integer> runs = CompletableFuture.supplyAsync(agent::run);
        while (!platform.events().contains("claim")) {
            Thread.sleep(20);
        }

        long stopped = System.nanoTime();
        agent.stop();

        assertThat(runs.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped)).isLessThan(3000);
    }

    @Test
    void anAgentForOneRunAsksForThatRunAndExitsWhenItIsNotWaiting() throws Exception {
        platform = new StubPlatform(dir, 1);
        Agent agent = new Agent(new RunnerClient(platform.url(), "token"),
                new RunnerRegistration("umbra-run-5-1", "dev", "localhost", 0, 0, List.of()), dir.resolve("work"),
                dir.resolve("cache"), null, 1, 0, 5L);

        assertThat(CompletableFuture.supplyAsync(agent::run).get(10, TimeUnit.SECONDS)).isZero();
        assertThat(platform.events()).containsExactly("claim", "claim only 5");
    }

    @Test
    void aRunStoppedBeforeItsFirstStepIsReleasedUntrained() throws Exception {
        platform = new StubPlatform(dir, 1);
        platform.offer(1, SPEC);
        Agent agent = agent(dir.resolve("cache"), 20, 0);
        // SIGTERM while the run is still being prepared (its dataset on the way).
        platform.beforeDataset(agent::stop);

        assertThat(CompletableFuture.supplyAsync(agent::run).get(30, TimeUnit.SECONDS)).isEqualTo(1);

        assertThat(platform.events()).as("handed back without a step or a checkpoint").contains("release")
                .noneMatch(e -> e.startsWith("metric") || e.startsWith("artifact") || e.startsWith("complete"));
    }
}

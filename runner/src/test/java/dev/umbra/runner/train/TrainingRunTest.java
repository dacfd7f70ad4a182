package dev.umbra.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.runner.TestSpecs;
import dev.umbra.runner.checkpoint.Checkpoint;
import dev.umbra.runner.checkpoint.CheckpointMeta;
import dev.umbra.runner.checkpoint.CheckpointStore;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.eval.TrainingMonitor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared loop on a tiny model: 16x16 gray images, batch 16, a few steps. */
class TrainingRunTest {

    private static final Dataset DATA = TestSpecs.syntheticDataset(64, 32, 1, 16, 4, 11);

    @TempDir
    Path dir;

    private static RunSpec spec(String method, String extra) {
        return TestSpecs.parse("{'dataset': 'synthetic', 'method': {'name': '" + method + "'"
                + (method.equals("simclr") ? ", 'params': {'proj_hidden_dim': 32, 'proj_output_dim': 16}" : "")
                + "}, 'batch_size': 16, 'seed': 5" + extra + "}");
    }

    @Test
    void theSameSpecAndSeedGiveTheSameLossSequence() {
        RunSpec spec = spec("simclr", ", 'epochs': 2");
        List<Double> first = losses(spec, dir.resolve("a"));
        List<Double> second = losses(spec, dir.resolve("b"));
        assertThat(first).hasSize(8).isEqualTo(second);
        List<Double> otherSeed = losses(TestSpecs.parse("{'dataset': 'synthetic', 'method': {'name': 'simclr',"
                + " 'params': {'proj_hidden_dim': 32, 'proj_output_dim': 16}}, 'batch_size': 16, 'seed': 6,"
                + " 'epochs': 2}"), dir.resolve("c"));
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void resumingFromAnEpochOrAMidEpochCheckpointEndsWithTheSameParameters() {
        RunSpec spec = spec("simclr", ", 'epochs': 3, 'checkpoint': {'every_epochs': 1, 'keep_last': 5}");
        TrainingResult whole = TrainingRun.builder().setSpec(spec).setDataset(DATA).setOutputDir(dir.resolve("whole"))
                .build().run();
        assertThat(whole.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(whole.checkpoints()).hasSize(3);

        // Resume after epoch 1 of 3.
        Path afterEpoch1 = whole.checkpoints().get(0);
        assertThat(afterEpoch1.getFileName().toString()).isEqualTo("checkpoint-e0001-s000000.ckpt");
        TrainingResult resumed = TrainingRun.builder().setSpec(spec).setDataset(DATA).setOutputDir(dir.resolve("resumed"))
                .optResumeFrom(afterEpoch1).build().run();
        assertSameArrays(last(resumed), last(whole));

        // Stop after step 6 (in the middle of epoch 2), then resume from that checkpoint.
        TrainingResult stopped = TrainingRun.builder().setSpec(spec).setDataset(DATA).setOutputDir(dir.resolve("stopped"))
                .optListener(stopAfter(6, RunStatus.CANCELLED)).build().run();
        assertThat(stopped.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(stopped.epochsDone()).isEqualTo(1);
        assertThat(stopped.stepsDone()).isEqualTo(6);
        assertThat(stopped.encoderFile()).isNull();
        Path midEpoch = last(stopped);
        assertThat(midEpoch.getFileName().toString()).isEqualTo("checkpoint-e0001-s000002.ckpt");
        TrainingResult continued = TrainingRun.builder().setSpec(spec).setDataset(DATA)
                .setOutputDir(dir.resolve("stopped")).optResumeFrom(midEpoch).build().run();
        assertThat(continued.stepsDone()).isEqualTo(12);
        assertSameArrays(last(continued), last(whole));
    }

    @Test
    void aRunResumedFromAnyStopReportsEveryMetricAsTheUninterruptedRunDid() {
        // Collapse diagnostics with a threshold every embedding stays under: the flag rises after the
        // third epoch in a row, which a resumed run only sees if the count survived the checkpoint.
        RunSpec spec = spec("simclr", ", 'epochs': 3, 'checkpoint': {'every_epochs': 1, 'keep_last': 5},"
                + " 'evaluation': {'protocols': [], 'knn_every_epochs': 0, 'diagnostics': true,"
                + " 'collapse': {'std_fraction': 1, 'patience_epochs': 3}}");
        Reports whole = new Reports();
        TrainingResult uninterrupted = TrainingRun.builder().setSpec(spec).setDataset(DATA)
                .setOutputDir(dir.resolve("whole")).optListener(whole)
                .optEvaluator(new TrainingMonitor(spec.evaluation())).build().run();
        assertThat(whole.events).containsSubsequence("epoch 1", "checkpoint 1", "epoch 2", "checkpoint 2");
        assertThat(whole.epochMetrics.get(2)).containsEntry("diag/collapse_flag", 0.0);
        assertThat(whole.epochMetrics.get(3)).containsEntry("diag/collapse_flag", 1.0);

        // Stops after the last step of epoch 1 (its metrics not yet reported) and in the middle of epoch 2.
        for (long stopAfter : new long[] {4, 6}) {
            Path out = dir.resolve("stopped-" + stopAfter);
            Reports split = new Reports();
            TrainingResult stopped = TrainingRun.builder().setSpec(spec).setDataset(DATA).setOutputDir(out)
                    .optListener(split).optListener(stopAfter(stopAfter, RunStatus.INTERRUPTED))
                    .optEvaluator(new TrainingMonitor(spec.evaluation())).build().run();
            try (NDManager manager = NDManager.newBaseManager()) {
                CheckpointMeta.Totals totals = CheckpointStore.read(last(stopped), manager).meta().totals();
                long first = stopAfter - (stopAfter - 1) % 4;
                assertThat(totals.epochSteps()).isEqualTo((int) (stopAfter - first + 1));
                assertThat(totals.epochLossSum()).isEqualTo(
                        split.stepLosses.subMap(first, true, stopAfter, true).values().stream().mapToDouble(d -> d).sum());
            }
            TrainingResult resumed = TrainingRun.builder().setSpec(spec).setDataset(DATA).setOutputDir(out)
                    .optListener(split).optEvaluator(new TrainingMonitor(spec.evaluation()))
                    .optResumeFrom(last(stopped)).build().run();

            assertThat(split.epochMetrics).as("after a stop at step %d", stopAfter).isEqualTo(whole.epochMetrics);
            assertThat(split.stepLosses).isEqualTo(whole.stepLosses);
            assertThat(resumed.finalLoss()).isEqualTo(uninterrupted.finalLoss());
            assertThat(resumed.diagnostics()).isEqualTo(uninterrupted.diagnostics());
        }
        Map<String, Double> lastEpochDiagnostics = new TreeMap<>(whole.epochMetrics.get(3));
        lastEpochDiagnostics.keySet().removeIf(key -> key.startsWith("train/"));
        assertThat(uninterrupted.diagnostics()).containsKey("diag/rankme").isEqualTo(lastEpochDiagnostics);
        // Resumed from the final checkpoint, nothing is trained again: the diagnostics come from the checkpoint.
        TrainingResult afterTheEnd = TrainingRun.builder().setSpec(spec).setDataset(DATA).setOutputDir(dir.resolve("again"))
                .optEvaluator(new TrainingMonitor(spec.evaluation())).optResumeFrom(last(uninterrupted)).build().run();
        assertThat(afterTheEnd.diagnostics()).isEqualTo(uninterrupted.diagnostics());
    }

    /** What a run reports, without the timing series (which no two runs share). */
    private static final class Reports implements TrainingListener {
        private final TreeMap<Long, Double> stepLosses = new TreeMap<>();
        private final TreeMap<Integer, Map<String, Double>> epochMetrics = new TreeMap<>();
        private final List<String> events = new ArrayList<>();

        @Override
        public void onStep(StepProgress progress) {
            stepLosses.put(progress.globalStep() + 1, progress.loss());
        }

        @Override
        public void onEpoch(int epoch, Map<String, Double> metrics) {
            Map<String, Double> values = new TreeMap<>(metrics);
            values.keySet().removeAll(List.of("train/images_per_s", "train/epoch_seconds", "train/augment_share"));
            epochMetrics.put(epoch + 1, values);
            events.add("epoch " + (epoch + 1));
        }

        @Override
        public void onCheckpoint(int epoch, Path file) {
            events.add("checkpoint " + epoch);
        }
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused() {
        TrainingResult run = TrainingRun.builder().setSpec(spec("simclr", ", 'epochs': 1")).setDataset(DATA)
                .setOutputDir(dir.resolve("one")).build().run();
        RunSpec otherSeed = TestSpecs.parse("{'dataset': 'synthetic', 'method': {'name': 'simclr', 'params':"
                + " {'proj_hidden_dim': 32, 'proj_output_dim': 16}}, 'batch_size': 16, 'seed': 99, 'epochs': 1}");
        assertThatThrownBy(() -> TrainingRun.builder().setSpec(otherSeed).setDataset(DATA)
                .setOutputDir(dir.resolve("two")).optResumeFrom(last(run)).build().run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to another run");
    }

    @Test
    void liveArraysStayConstantOverManySteps() {
        RunSpec spec = spec("simclr", ", 'epochs': 15");
        List<Integer> live = new ArrayList<>();
        TrainingRun.builder().setSpec(spec).setDataset(DATA).setOutputDir(dir).optListener(new TrainingListener() {
            @Override
            public void onStep(StepProgress progress) {
                if (progress.globalStep() == 4 || progress.globalStep() == 59) {
                    live.add(liveArrays());
                }
            }
        }).build().run();
        assertThat(live).hasSize(2);
        assertThat(live.get(1)).isEqualTo(live.get(0));
    }

    @Test
    void supervisedTrainingLowersItsLoss() {
        List<Double> epochLosses = new ArrayList<>();
        TrainingResult result = TrainingRun.builder()
                .setSpec(spec("supervised", ", 'epochs': 6, 'optimizer': {'name': 'sgd', 'lr': 0.05}"))
                .setDataset(DATA).setOutputDir(dir).optListener(new TrainingListener() {
                    @Override
                    public void onEpoch(int epoch, Map<String, Double> metrics) {
                        epochLosses.add(metrics.get("train/loss"));
                    }
                }).build().run();
        assertThat(epochLosses).hasSize(6);
        assertThat(epochLosses.get(5)).isLessThan(epochLosses.get(0) * 0.8);
        assertThat(result.finalLoss()).isEqualTo(epochLosses.get(5));
    }

    /** A learning rate far too high: the run stops at the step that diverged and says what to change. */
    @Test
    void aDivergingRunStopsNamingTheStepAndTheLearningRate() {
        List<Double> stepLosses = new ArrayList<>();
        TrainingRun run = TrainingRun.builder()
                .setSpec(spec("dae", ", 'epochs': 20, 'optimizer': {'name': 'sgd', 'lr': 100}"))
                .setDataset(DATA).setOutputDir(dir).optListener(new TrainingListener() {
                    @Override
                    public void onStep(StepProgress progress) {
                        stepLosses.add(progress.loss());
                    }
                }).build();

        assertThatThrownBy(run::run).hasMessageMatching(
                "the loss or its gradients became non-finite at epoch \\d+, step \\d+ \\(lr [0-9.e+-]+\\), in 3 passes: "
                        + "lower the learning rate");
        assertThat(stepLosses).as("the finite steps before it").isNotEmpty().allMatch(Double::isFinite);
    }

    @Test
    void randomInitWritesItsEncoderWithoutTraining() throws IOException {
        TrainingResult result = TrainingRun.builder().setSpec(spec("random-init", ", 'epochs': 3")).setDataset(DATA)
                .setOutputDir(dir).build().run();
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.stepsDone()).isZero();
        assertThat(result.encoderFile()).exists();
        JsonNode json = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(json.get("final_loss").isNull()).isTrue();
        assertThat(json.get("environment").get("dataset_checksum").asText()).isEqualTo("synthetic-11");
        assertThat(json.get("environment").get("engine").asText()).isEqualTo("PyTorch");
    }

    @Test
    void onlyTheLastCheckpointsAreKept() {
        TrainingResult result = TrainingRun.builder()
                .setSpec(spec("supervised", ", 'epochs': 4, 'checkpoint': {'every_epochs': 1, 'keep_last': 2}"))
                .setDataset(DATA).setOutputDir(dir).build().run();
        assertThat(result.checkpoints()).extracting(p -> p.getFileName().toString())
                .containsExactly("checkpoint-e0003-s000000.ckpt", "checkpoint-e0004-s000000.ckpt");
    }

    @Test
    void evaluatorsSeeEveryEpochAndMayStopTheRun() throws IOException {
        List<String> calls = new ArrayList<>();
        List<Map<String, Double>> epochMetrics = new ArrayList<>();
        RunEvaluator evaluator = new RunEvaluator() {
            @Override
            public Map<String, Double> afterEpoch(EvaluationContext context) {
                NDArray[] views = context.heldOutViews();
                NDArray train = context.features().extract(context.dataset().train(), context.manager());
                calls.add("epoch " + context.epochsDone() + " " + views[0].getShape() + " " + train.getShape());
                if (context.epochsDone() == 2) {
                    context.requestStop(RunStatus.COLLAPSED, "embedding std under threshold");
                }
                return Map.of("knn/top1", 0.5);
            }

            @Override
            public List<EvalResultDto> afterTraining(EvaluationContext context) {
                calls.add("final " + context.epochsDone());
                ObjectMapper json = new ObjectMapper();
                return List.of(new EvalResultDto(context.epochsDone(), "knn/v1", json.createObjectNode().put("k", 20),
                        "top1", 0.42, json.createObjectNode()));
            }
        };
        TrainingResult result = TrainingRun.builder().setSpec(spec("simclr", ", 'epochs': 5")).setDataset(DATA)
                .setOutputDir(dir).optEvaluator(evaluator).optListener(new TrainingListener() {
                    @Override
                    public void onEpoch(int epoch, Map<String, Double> metrics) {
                        epochMetrics.add(metrics);
                    }
                }).build().run();
        assertThat(calls).containsExactly("epoch 1 (32, 1, 16, 16) (64, 128)", "epoch 2 (32, 1, 16, 16) (64, 128)",
                "final 2");
        assertThat(result.status()).isEqualTo(RunStatus.COLLAPSED);
        assertThat(result.message()).isEqualTo("embedding std under threshold");
        assertThat(epochMetrics.get(0)).containsKeys("train/loss", "train/lr", "train/images_per_s", "knn/top1");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(json.get("evaluation").get(0).get("value").asDouble()).isEqualTo(0.42);
    }

    /** Every array of every manager of the engine (the system manager is the parent of base managers). */
    private static int liveArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    private static List<Double> losses(RunSpec spec, Path out) {
        List<Double> losses = new ArrayList<>();
        TrainingRun.builder().setSpec(spec).setDataset(DATA).setOutputDir(out).optListener(new TrainingListener() {
            @Override
            public void onStep(StepProgress progress) {
                losses.add(progress.loss());
            }
        }).build().run();
        return losses;
    }

    private static TrainingListener stopAfter(long steps, RunStatus status) {
        return new TrainingListener() {
            private long seen;

            @Override
            public void onStep(StepProgress progress) {
                seen = progress.globalStep() + 1;
            }

            @Override
            public Optional<RunStatus> shouldStop() {
                return seen >= steps ? Optional.of(status) : Optional.empty();
            }
        };
    }

    private static Path last(TrainingResult result) {
        return result.checkpoints().get(result.checkpoints().size() - 1);
    }

    private static void assertSameArrays(Path actual, Path expected) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint a = CheckpointStore.read(actual, manager);
            Checkpoint b = CheckpointStore.read(expected, manager);
            assertThat(a.meta().globalStep()).isEqualTo(b.meta().globalStep());
            assertThat(a.arrays().keySet()).isEqualTo(b.arrays().keySet());
            for (String name : b.arrays().keySet()) {
                assertThat(a.arrays().get(name).contentEquals(b.arrays().get(name))).as(name).isTrue();
            }
        }
    }
}

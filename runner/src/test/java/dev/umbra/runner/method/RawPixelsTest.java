package dev.umbra.runner.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.client.dto.EvalResultDto;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.runner.TestSpecs;
import dev.umbra.runner.data.Dataset;
import dev.umbra.runner.eval.Evaluators;
import dev.umbra.runner.train.RunStatus;
import dev.umbra.runner.train.TrainingResult;
import dev.umbra.runner.train.TrainingRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The raw-pixels baseline through the shared loop and the spec's protocols, as the agent runs it. */
class RawPixelsTest {

    /** Class templates plus noise: a linear model and kNN separate the classes from the pixels alone. */
    private static final Dataset DATA = TestSpecs.syntheticDataset(96, 48, 1, 12, 4, 21);

    @Test
    void theProtocolsScoreThePixelsAndNoEncoderIsTrainedOrSaved(@TempDir Path dir) {
        RunSpec spec = TestSpecs.parse("{'dataset': 'synthetic', 'method': {'name': 'raw-pixels'}, 'epochs': 3,"
                + " 'batch_size': 16, 'evaluation': {'protocols': ['knn/v1', 'linear-probe/v1', 'label-efficiency/v1']}}");
        TrainingRun.Builder run = TrainingRun.builder().setSpec(spec).setDataset(DATA).setOutputDir(dir);
        Evaluators.forSpec(spec).forEach(run::optEvaluator);

        TrainingResult result = run.build().run();

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.stepsDone()).isZero();
        assertThat(result.encoderFile()).isNull();
        assertThat(dir.resolve("encoder.safetensors")).doesNotExist();
        assertThat(result.evaluation()).extracting(EvalResultDto::protocol)
                .contains("knn/v1", "linear-probe/v1", "label-efficiency/v1");
        assertThat(result.evaluation()).allSatisfy(r -> assertThat(r.epoch()).isZero());
        assertThat(result.evaluation()).filteredOn(r -> r.metric().equals("knn/top1") || r.metric().equals("linear-probe/top1"))
                .hasSize(2).allSatisfy(r -> assertThat(r.value()).isEqualTo(1.0));
        assertThat(result.evaluation()).allSatisfy(r -> assertThat(r.protocolParams().findValues("features"))
                .isNotEmpty().allSatisfy(f -> assertThat(f.get("source").asText())
                        .isEqualTo("input pixels, normalised and flattened")));
    }
}

package dev.umbra.runner.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.umbra.client.dto.EvalResultDto;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearProbeProtocolTest {

    @Test
    void separableGaussianBlobsReachAtLeast99Percent() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray means = manager.create(Synthetic.gaussian(12 * 32, 7), new Shape(12, 32)).mul(1.5f);
            // Shifted and scaled features: standardisation must undo what a raw probe would struggle with.
            FeatureSet train = scaled(manager, Synthetic.blobs(manager, means, 150, 1));
            FeatureSet test = scaled(manager, Synthetic.blobs(manager, means, 50, 2));

            List<EvalResultDto> results = LinearProbeProtocol.v1().evaluate(train, test, 3);

            assertThat(results).extracting(EvalResultDto::metric).containsExactly("linear-probe/top1", "linear-probe/top5");
            EvalResultDto top1 = results.get(0);
            assertThat(top1.value()).isGreaterThanOrEqualTo(0.99);
            assertThat(results.get(1).value()).isGreaterThanOrEqualTo(top1.value());
            assertThat(top1.epoch()).isEqualTo(3);
            assertThat(top1.protocol()).isEqualTo("linear-probe/v1");
            assertThat(top1.protocolParams().get("l2_grid")).hasSize(5);
            assertThat(top1.details().get("validation")).hasSize(5);
            assertThat(top1.details().get("labelled").asInt()).isEqualTo(12 * 150);
        }
    }

    @Test
    void tenClassesReportTop1Only() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray means = manager.create(Synthetic.gaussian(10 * 8, 3), new Shape(10, 8)).mul(3f);
            FeatureSet train = Synthetic.blobs(manager, means, 40, 4);
            FeatureSet test = Synthetic.blobs(manager, means, 20, 5);
            List<EvalResultDto> results = LinearProbeProtocol.v1().evaluate(train, test, 0);
            assertThat(results).extracting(EvalResultDto::metric).containsExactly("linear-probe/top1");
            assertThat(results.get(0).value()).isGreaterThan(0.9);
        }
    }

    @Test
    void oneLabelledImagePerClassFallsBackToTheMiddleOfTheGrid() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray means = manager.create(Synthetic.gaussian(3 * 4, 8), new Shape(3, 4)).mul(4f);
            FeatureSet train = Synthetic.blobs(manager, means, 10, 9);
            int[] labels = train.labelArray();
            int[] onePerClass = new int[3];
            for (int c = 0; c < 3; c++) {
                int cls = c;
                onePerClass[c] = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == cls)
                        .findFirst().orElseThrow();
            }
            LinearProbeProtocol.TrainedProbe probe = LinearProbeProtocol.v1().train(train, onePerClass);
            assertThat(probe.l2()).isEqualTo(1e-4);
            assertThat(probe.details().get("validation_size").asInt()).isZero();
        }
    }

    private static FeatureSet scaled(NDManager manager, FeatureSet set) {
        NDArray scale = manager.arange(1f, 1f + set.dim()).mul(10f);
        return new FeatureSet(set.features().mul(scale).add(100f), set.labels(), set.numClasses());
    }
}

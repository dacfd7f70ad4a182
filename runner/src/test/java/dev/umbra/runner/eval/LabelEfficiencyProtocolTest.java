package dev.umbra.runner.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.umbra.client.dto.EvalResultDto;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelEfficiencyProtocolTest {

    @Test
    void reportsMeanAndStdPerFractionOnBalancedSubsets() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray means = manager.create(Synthetic.gaussian(5 * 16, 21), new Shape(5, 16)).mul(0.6f);
            FeatureSet train = Synthetic.blobs(manager, means, 400, 22);
            FeatureSet test = Synthetic.blobs(manager, means, 100, 23);

            // v1's fractions and seeds with a smaller probe budget (two L2 values, 20 iterations): tiny
            // nearly separable subsets would otherwise spend all 1,000 iterations at the weakest L2.
            LabelEfficiencyProtocol v1 = LabelEfficiencyProtocol.v1();
            LinearProbeProtocol p = v1.probe();
            LabelEfficiencyProtocol protocol = new LabelEfficiencyProtocol(v1.fractions(), v1.subsetSeeds(),
                    new LinearProbeProtocol(List.of(1e-2, 1e-4), p.validationFraction(), p.splitSeed(), p.history(),
                            20, p.gradientTolerance()));

            List<EvalResultDto> results = protocol.evaluate(train, test, 7);

            assertThat(results).extracting(EvalResultDto::metric).containsExactly(
                    "label-efficiency/top1@1%", "label-efficiency/top1_std@1%",
                    "label-efficiency/top1@10%", "label-efficiency/top1_std@10%",
                    "label-efficiency/top1@100%", "label-efficiency/top1_std@100%");
            EvalResultDto one = results.get(0);
            assertThat(one.details().get("runs")).hasSize(3);
            // 1 % of 2,000 images over 5 classes: 4 a class.
            assertThat(one.details().get("runs").get(0).get("labelled").asInt()).isEqualTo(20);
            assertThat(results.get(5).value()).isZero();
            assertThat(results.get(4).details().get("runs")).hasSize(1);
            // More labels never hurt much on blobs, and all labels beat 1 % of them.
            assertThat(results.get(4).value()).isGreaterThan(one.value());
            assertThat(results.get(4).value()).isGreaterThan(0.8);

            // The same seeds pick the same subsets: a second evaluation gives the same numbers.
            List<EvalResultDto> again = protocol.evaluate(train, test, 7);
            assertThat(again).extracting(EvalResultDto::value)
                    .containsExactlyElementsOf(results.stream().map(EvalResultDto::value).toList());
        }
    }

    @Test
    void theHundredPercentPointIsTheLinearProbesOwnFitMadeOnce() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray means = manager.create(Synthetic.gaussian(4 * 8, 31), new Shape(4, 8)).mul(0.5f);
            FeatureSet train = Synthetic.blobs(manager, means, 150, 32);
            FeatureSet test = Synthetic.blobs(manager, means, 50, 33);
            LinearProbeProtocol probe = new LinearProbeProtocol(List.of(1e-2, 1e-3), 0.1, 0, 10, 30, 1e-4);
            LabelEfficiencyProtocol protocol = new LabelEfficiencyProtocol(List.of(1.0), List.of(0L), probe);

            FullLabelProbes shared = new FullLabelProbes();
            double linear = probe.evaluate(train, test, 1, shared).get(0).value();
            double hundred = protocol.evaluate(train, test, 1, shared).get(0).value();
            // Fitted apart, as before sharing: the same number, so sharing changes only the time.
            double apart = protocol.evaluate(train, test, 1).get(0).value();

            assertThat(hundred).isEqualTo(linear).isEqualTo(apart);
            try (NDArray x = train.features().duplicate()) {
                FeatureSet same = new FeatureSet(x, train.labels(), train.numClasses());
                assertThat(shared.fit(probe, same)).as("fitted once, then reused").isSameAs(shared.fit(probe, same));
            }
        }
    }

    @Test
    void percentLabelsAreShortAndExact() {
        assertThat(LabelEfficiencyProtocol.percent(0.01)).isEqualTo("1%");
        assertThat(LabelEfficiencyProtocol.percent(0.1)).isEqualTo("10%");
        assertThat(LabelEfficiencyProtocol.percent(1.0)).isEqualTo("100%");
        assertThat(LabelEfficiencyProtocol.percent(0.005)).isEqualTo("0.5%");
    }
}

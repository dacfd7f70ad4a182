package dev.umbra.runner.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.umbra.client.spec.RunSpec.CollapseSpec;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CollapseDetectorTest {

    private static final int IN = 20;
    private static final int DIM = 32;

    /** Feeds the detector one epoch at a time with diagnostics of two noisy views through {@code encoder}. */
    private static CollapseDetector watch(NDManager manager, Function<NDArray, NDArray> encoder, CollapseSpec spec,
                                          int epochs) {
        CollapseDetector detector = new CollapseDetector(spec, DIM);
        NDArray images = manager.create(Synthetic.gaussian(128 * IN, 9), new Shape(128, IN));
        for (int epoch = 1; epoch <= epochs; epoch++) {
            NDArray view1 = images.add(manager.create(Synthetic.gaussian(128 * IN, 100 + epoch), new Shape(128, IN)).mul(0.1f));
            NDArray view2 = images.add(manager.create(Synthetic.gaussian(128 * IN, 200 + epoch), new Shape(128, IN)).mul(0.1f));
            CollapseDiagnostics d = CollapseDiagnostics.measure(encoder.apply(view1), encoder.apply(view2));
            detector.observe(epoch, d.embeddingStd());
        }
        return detector;
    }

    @Test
    void firesOnAConstantEncoderAfterThePatienceAndNotOnARandomOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weights = manager.create(Synthetic.gaussian(IN * DIM, 1), new Shape(IN, DIM));
            NDArray bias = manager.create(Synthetic.gaussian(DIM, 2));
            Function<NDArray, NDArray> random = x -> x.matMul(weights);
            Function<NDArray, NDArray> constant = x -> x.matMul(weights).mul(0).add(bias);
            CollapseSpec spec = new CollapseSpec(0.1, 3, true);

            CollapseDetector healthy = watch(manager, random, spec, 6);
            assertThat(healthy.flagged()).isFalse();
            assertThat(healthy.shouldStop()).isFalse();

            CollapseDetector collapsed = watch(manager, constant, spec, 6);
            assertThat(collapsed.flagged()).isTrue();
            assertThat(collapsed.flaggedAtEpoch()).isEqualTo(3);
            assertThat(collapsed.shouldStop()).isTrue();

            assertThat(watch(manager, constant, spec, 2).flagged()).as("before the patience ran out").isFalse();
            assertThat(watch(manager, constant, new CollapseSpec(0.1, 3, false), 6).shouldStop()).isFalse();
        }
    }

    @Test
    void aRecoveryResetsThePatienceCount() {
        CollapseDetector detector = new CollapseDetector(new CollapseSpec(0.5, 2, true), 4);
        assertThat(detector.threshold()).isEqualTo(0.25);
        assertThat(detector.observe(1, 0.1)).isFalse();
        assertThat(detector.observe(2, 0.4)).isFalse();
        assertThat(detector.observe(3, 0.1)).isFalse();
        assertThat(detector.observe(4, 0.1)).isTrue();
        assertThat(detector.observe(5, 0.4)).as("stays flagged").isTrue();
    }
}

package dev.umbra.runner.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class CrossEntropyLossTest {

    @Test
    void isTheMeanNegativeLogSoftmaxOfTheLabel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[][] {{2, 1, 0}, {0, 0, 3}});
            NDArray labels = manager.create(new long[] {0, 1});
            double z0 = Math.exp(2) + Math.exp(1) + 1;
            double z1 = 2 + Math.exp(3);
            double expected = (-(2 - Math.log(z0)) - (0 - Math.log(z1))) / 2;
            assertThat((double) CrossEntropyLoss.compute(logits, labels, 0).getFloat()).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void labelSmoothingMixesInTheUniformTarget() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[][] {{2, 1, 0}});
            NDArray labels = manager.create(new long[] {0});
            double z = Math.log(Math.exp(2) + Math.exp(1) + 1);
            double[] logp = {2 - z, 1 - z, -z};
            double eps = 0.1;
            double expected = -((1 - eps) * logp[0] + eps / 3 * (logp[0] + logp[1] + logp[2]));
            assertThat((double) CrossEntropyLoss.compute(logits, labels, eps).getFloat()).isCloseTo(expected, within(1e-5));
        }
    }
}

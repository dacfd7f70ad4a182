package dev.umbra.runner.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class CollapseDiagnosticsTest {

    @Test
    void rankMeOfIsotropicEmbeddingsIsCloseToTheDimension() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z = manager.create(Synthetic.gaussian(4096 * 32, 1), new Shape(4096, 32));
            assertThat(CollapseDiagnostics.rankMe(z)).isBetween(0.97 * 32, 32.0);
            // Wide matrices go through X X^T: 16 isotropic rows in 64 dimensions have rank ~ 16.
            NDArray wide = manager.create(Synthetic.gaussian(16 * 64, 2), new Shape(16, 64));
            assertThat(CollapseDiagnostics.rankMe(wide)).isBetween(0.85 * 16, 16.0);
        }
    }

    @Test
    void rankMeOfRankOneEmbeddingsIsOne() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray u = manager.create(Synthetic.gaussian(1024, 3), new Shape(1024, 1));
            NDArray v = manager.create(Synthetic.gaussian(48, 4), new Shape(1, 48));
            assertThat(CollapseDiagnostics.rankMe(u.matMul(v))).isCloseTo(1.0, within(1e-3));
        }
    }

    @Test
    void collapsedEmbeddingsScoreZeroOnEveryDistanceMeasure() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray constant = manager.ones(new Shape(64, 16)).mul(0.3f);
            CollapseDiagnostics d = CollapseDiagnostics.measure(constant, constant.mul(2));
            assertThat(d.embeddingStd()).isCloseTo(0, within(1e-6));
            assertThat(d.alignment()).isCloseTo(0, within(1e-6));
            assertThat(d.uniformity()).isCloseTo(0, within(1e-5));
            assertThat(d.energyGap()).isCloseTo(0, within(1e-3));
            assertThat(d.rankMe()).isCloseTo(1, within(1e-3));
        }
    }

    @Test
    void independentViewsHaveNoGapAndMatchedViewsDo() {
        int b = 512;
        int dim = 64;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray z1 = manager.create(Synthetic.gaussian(b * dim, 5), new Shape(b, dim));
            NDArray unrelated = manager.create(Synthetic.gaussian(b * dim, 6), new Shape(b, dim));
            CollapseDiagnostics random = CollapseDiagnostics.measure(z1, unrelated);
            assertThat(random.embeddingStd()).isCloseTo(1 / Math.sqrt(dim), within(0.01));
            // Independent unit vectors in high dimension: ||u - v||^2 ~ 2, so uniformity ~ log exp(-4).
            assertThat(random.alignment()).isCloseTo(2, within(0.05));
            assertThat(random.uniformity()).isCloseTo(-4, within(0.15));
            assertThat(random.energyGap()).isCloseTo(0, within(0.01));

            NDArray close = z1.add(unrelated.mul(0.1f));
            CollapseDiagnostics matched = CollapseDiagnostics.measure(z1, close);
            // Views 10 % apart: ||u1 - u2||^2 ~ 0.01, distance ~ 0.1 against ~ sqrt(2) for other images.
            assertThat(matched.alignment()).isCloseTo(0.01, within(0.003));
            assertThat(matched.energyGap()).isCloseTo(Math.sqrt(2) - 0.1, within(0.03));
        }
    }
}

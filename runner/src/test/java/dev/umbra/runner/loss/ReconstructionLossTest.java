package dev.umbra.runner.loss;

import static dev.umbra.runner.loss.Fixtures.TOLERANCE;
import static dev.umbra.runner.loss.Fixtures.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReconstructionLossTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void meanSquaredErrorByHand() {
        NDArray a = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        NDArray b = manager.create(new float[] {1, 0, 3, 7}, new Shape(1, 1, 2, 2));
        // (0 + 4 + 0 + 9) / 4
        assertThat(scalar(ReconstructionLoss.meanSquaredError(a, b))).isCloseTo(3.25, within(TOLERANCE));
        assertThat(scalar(ReconstructionLoss.meanSquaredError(a, a))).isCloseTo(0, within(TOLERANCE));
    }

    @Test
    void patchesAreRowMajorSquares() {
        float[] pixels = new float[16];
        for (int i = 0; i < 16; i++) {
            pixels[i] = i;
        }
        NDArray patches = ReconstructionLoss.patchify(manager.create(pixels, new Shape(1, 1, 4, 4)), 2);
        assertThat(patches.getShape()).isEqualTo(new Shape(1, 4, 4));
        assertThat(patches.toFloatArray())
                .containsExactly(0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15);
    }

    @Test
    void onlyMaskedPatchesCount() {
        // 1x1x4x4 target of zeros; the reconstruction is wrong by 2 in the top-left patch only.
        NDArray target = manager.zeros(new Shape(1, 1, 4, 4));
        NDArray reconstruction = manager.zeros(new Shape(1, 1, 4, 4));
        reconstruction.set(new NDIndex("0, 0, 0:2, 0:2"), 2f);
        NDArray topLeftMasked = manager.create(new float[] {1, 0, 0, 1}, new Shape(1, 4));
        NDArray topLeftVisible = manager.create(new float[] {0, 1, 1, 0}, new Shape(1, 4));
        // masked patches: top-left (error 4 per pixel) and bottom-right (0): (4 + 0) / 2
        assertThat(scalar(ReconstructionLoss.maskedPatchError(reconstruction, target, topLeftMasked, 2, false)))
                .isCloseTo(2, within(TOLERANCE));
        assertThat(scalar(ReconstructionLoss.maskedPatchError(reconstruction, target, topLeftVisible, 2, false)))
                .isCloseTo(0, within(TOLERANCE));
    }

    @Test
    void matchesTheFormulaWithPerPatchNormalisation() {
        int n = 2;
        int c = 3;
        int h = 4;
        int w = 6;
        int p = 2;
        Random random = new Random(71);
        double[][][][] x = new double[n][c][h][w];
        double[][][][] y = new double[n][c][h][w];
        float[] xf = new float[n * c * h * w];
        float[] yf = new float[n * c * h * w];
        int idx = 0;
        for (int a = 0; a < n; a++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        xf[idx] = (float) random.nextGaussian();
                        yf[idx] = (float) random.nextGaussian();
                        x[a][ch][i][j] = xf[idx];
                        y[a][ch][i][j] = yf[idx];
                        idx++;
                    }
                }
            }
        }
        int gh = h / p;
        int gw = w / p;
        float[] maskf = {1, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1};
        for (boolean normalize : new boolean[] {false, true}) {
            double num = 0;
            double den = 0;
            for (int a = 0; a < n; a++) {
                for (int gi = 0; gi < gh; gi++) {
                    for (int gj = 0; gj < gw; gj++) {
                        double m = maskf[a * gh * gw + gi * gw + gj];
                        double[] pred = new double[p * p * c];
                        double[] tgt = new double[p * p * c];
                        int k = 0;
                        for (int ch = 0; ch < c; ch++) {
                            for (int i = 0; i < p; i++) {
                                for (int j = 0; j < p; j++) {
                                    pred[k] = x[a][ch][gi * p + i][gj * p + j];
                                    tgt[k] = y[a][ch][gi * p + i][gj * p + j];
                                    k++;
                                }
                            }
                        }
                        if (normalize) {
                            double mean = Fixtures.mean(tgt);
                            double var = 0;
                            for (double t : tgt) {
                                var += (t - mean) * (t - mean) / (tgt.length - 1);
                            }
                            for (int q = 0; q < tgt.length; q++) {
                                tgt[q] = (tgt[q] - mean) / Math.sqrt(var + ReconstructionLoss.PATCH_NORM_EPS);
                            }
                        }
                        double err = 0;
                        for (int q = 0; q < tgt.length; q++) {
                            err += (pred[q] - tgt[q]) * (pred[q] - tgt[q]) / tgt.length;
                        }
                        num += err * m;
                        den += m;
                    }
                }
            }
            NDArray loss = ReconstructionLoss.maskedPatchError(manager.create(xf, new Shape(n, c, h, w)),
                    manager.create(yf, new Shape(n, c, h, w)), manager.create(maskf, new Shape(n, gh * gw)), p,
                    normalize);
            assertThat(scalar(loss)).as("normalize=" + normalize).isCloseTo(num / den, within(TOLERANCE));
        }
    }

    @Test
    void rejectsImagesThatAreNotWholePatches() {
        NDArray image = manager.zeros(new Shape(1, 1, 5, 4));
        assertThatThrownBy(() -> ReconstructionLoss.patchify(image, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5x4");
    }
}

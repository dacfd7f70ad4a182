package dev.umbra.runner.loss;

import static dev.umbra.runner.loss.Fixtures.TOLERANCE;
import static dev.umbra.runner.loss.Fixtures.array;
import static dev.umbra.runner.loss.Fixtures.logSumExp;
import static dev.umbra.runner.loss.Fixtures.matrix;
import static dev.umbra.runner.loss.Fixtures.matrixOf;
import static dev.umbra.runner.loss.Fixtures.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SwavLossTest {

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
    void sinkhornMatchesTheAlgorithmAfterThreeIterations() {
        double[][] scores = matrix(51, 6, 4);
        double[][] expected = sinkhorn(scores, 3, 0.05);
        double[][] codes = matrixOf(SwavLoss.sinkhorn(array(manager, scores), 3, 0.05));
        for (int i = 0; i < scores.length; i++) {
            for (int k = 0; k < scores[0].length; k++) {
                assertThat(codes[i][k]).isCloseTo(expected[i][k], within(TOLERANCE));
            }
        }
    }

    @Test
    void sinkhornRowsSumToOneAndColumnsToBatchOverPrototypes() {
        int b = 8;
        int k = 4;
        double[][] scores = matrix(52, b, k);
        double[][] threeIterations = matrixOf(SwavLoss.sinkhorn(array(manager, scores), 3, 0.5));
        for (double[] row : threeIterations) {
            assertThat(row[0] + row[1] + row[2] + row[3]).isCloseTo(1, within(TOLERANCE));
        }
        // The column marginal is reached as the iteration converges.
        double[][] converged = matrixOf(SwavLoss.sinkhorn(array(manager, scores), 200, 0.5));
        for (int j = 0; j < k; j++) {
            assertThat(Fixtures.mean(Fixtures.column(converged, j)) * b).isCloseTo((double) b / k, within(TOLERANCE));
        }
    }

    @Test
    void sinkhornOfEqualScoresIsUniform() {
        double[][] scores = {{0.3, 0.3, 0.3}, {0.3, 0.3, 0.3}};
        for (double[] row : matrixOf(SwavLoss.sinkhorn(array(manager, scores), 3, 0.05))) {
            for (double q : row) {
                assertThat(q).isCloseTo(1.0 / 3, within(TOLERANCE));
            }
        }
    }

    @Test
    void sinkhornStaysFiniteForSharpScores() {
        // Cosine scores over epsilon 0.05 reach exp(+-20); the max shift must keep this finite.
        double[][] scores = {{1, -1}, {-1, 1}, {1, 1}};
        double[][] codes = matrixOf(SwavLoss.sinkhorn(array(manager, scores), 3, 0.01));
        for (double[] row : codes) {
            for (double q : row) {
                assertThat(q).isFinite();
            }
        }
    }

    @Test
    void swappedPredictionByHandWithUniformScores() {
        // Uniform predictions: each cross-entropy is log K whatever the codes.
        double[][] scores = {{0.5, 0.5, 0.5, 0.5}, {0.5, 0.5, 0.5, 0.5}};
        double[][] codes = {{1, 0, 0, 0}, {0.25, 0.25, 0.25, 0.25}};
        double loss = scalar(SwavLoss.swappedPrediction(array(manager, scores), array(manager, scores),
                array(manager, codes), array(manager, codes), 0.1));
        assertThat(loss).isCloseTo(Math.log(4), within(TOLERANCE));
    }

    @Test
    void swappedPredictionMatchesTheFormula() {
        double[][] s1 = matrix(53, 5, 3);
        double[][] s2 = matrix(54, 5, 3);
        double[][] q1 = sinkhorn(s1, 3, 0.05);
        double[][] q2 = sinkhorn(s2, 3, 0.05);
        double t = 0.1;
        double expected = (crossEntropy(q1, s2, t) + crossEntropy(q2, s1, t)) / 2;
        double loss = scalar(SwavLoss.swappedPrediction(array(manager, s1), array(manager, s2),
                array(manager, q1), array(manager, q2), t));
        assertThat(loss).isCloseTo(expected, within(TOLERANCE));
    }

    /** Caron et al. 2020, Alg. 1, in the paper's (K, B) layout. */
    private static double[][] sinkhorn(double[][] scores, int iterations, double eps) {
        int b = scores.length;
        int k = scores[0].length;
        double[][] q = new double[k][b];
        double total = 0;
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < b; i++) {
                q[p][i] = Math.exp(scores[i][p] / eps);
                total += q[p][i];
            }
        }
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < b; i++) {
                q[p][i] /= total;
            }
        }
        for (int it = 0; it < iterations; it++) {
            for (int p = 0; p < k; p++) {
                double row = 0;
                for (int i = 0; i < b; i++) {
                    row += q[p][i];
                }
                for (int i = 0; i < b; i++) {
                    q[p][i] /= row * k;
                }
            }
            for (int i = 0; i < b; i++) {
                double col = 0;
                for (int p = 0; p < k; p++) {
                    col += q[p][i];
                }
                for (int p = 0; p < k; p++) {
                    q[p][i] /= col * b;
                }
            }
        }
        double[][] codes = new double[b][k];
        for (int i = 0; i < b; i++) {
            for (int p = 0; p < k; p++) {
                codes[i][p] = q[p][i] * b;
            }
        }
        return codes;
    }

    private static double crossEntropy(double[][] codes, double[][] scores, double t) {
        double s = 0;
        for (int i = 0; i < codes.length; i++) {
            double[] logits = Fixtures.scale(new double[][] {scores[i]}, 1 / t)[0];
            double lse = logSumExp(logits);
            for (int k = 0; k < logits.length; k++) {
                s -= codes[i][k] * (logits[k] - lse) / codes.length;
            }
        }
        return s;
    }
}

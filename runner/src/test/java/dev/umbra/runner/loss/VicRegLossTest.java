package dev.umbra.runner.loss;

import static dev.umbra.runner.loss.Fixtures.TOLERANCE;
import static dev.umbra.runner.loss.Fixtures.array;
import static dev.umbra.runner.loss.Fixtures.column;
import static dev.umbra.runner.loss.Fixtures.matrix;
import static dev.umbra.runner.loss.Fixtures.mean;
import static dev.umbra.runner.loss.Fixtures.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VicRegLossTest {

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
    void collapsedEmbeddingsPutTheVarianceTermAtItsMaximum() {
        double[] v = {0.4, -1.2, 0.7};
        double[][] z = {v, v, v, v, v};
        VicRegLoss.Terms terms = VicRegLoss.loss(array(manager, z), array(manager, z), 25, 25, 1);
        // std = sqrt(0 + 1e-4) = 0.01 in every dimension of both views: 2 * (1 - 0.01)
        assertThat(scalar(terms.variance())).isCloseTo(1.98, within(TOLERANCE));
        assertThat(scalar(terms.invariance())).isCloseTo(0, within(TOLERANCE));
        assertThat(scalar(terms.covariance())).isCloseTo(0, within(TOLERANCE));
        assertThat(scalar(terms.total())).isCloseTo(25 * 1.98, within(TOLERANCE));
    }

    @Test
    void byHandTwoSamplesAgainstACollapsedView() {
        // z1 columns (2, 0) and (0, 2): unbiased var 2 (std above 1, no hinge), cov = [[2, -2], [-2, 2]]
        // so its off-diagonal term is (4 + 4) / 2 = 4; z2 is all zeros: hinge 1 - 0.01, no covariance.
        // invariance: (4 + 0 + 0 + 4) / 4 = 2.
        double[][] z1 = {{2, 0}, {0, 2}};
        double[][] z2 = {{0, 0}, {0, 0}};
        VicRegLoss.Terms terms = VicRegLoss.loss(array(manager, z1), array(manager, z2), 25, 25, 1);
        assertThat(scalar(terms.invariance())).isCloseTo(2, within(TOLERANCE));
        assertThat(scalar(terms.variance())).isCloseTo(0.99, within(TOLERANCE));
        assertThat(scalar(terms.covariance())).isCloseTo(4, within(TOLERANCE));
        assertThat(scalar(terms.total())).isCloseTo(25 * 2 + 25 * 0.99 + 4, within(TOLERANCE));
    }

    @Test
    void matchesTheFormulaOnRandomEmbeddings() {
        // Scaled down so that some dimensions have std below 1 and the hinge is active.
        double[][] z1 = Fixtures.scale(matrix(41, 7, 5), 0.9);
        double[][] z2 = Fixtures.scale(matrix(42, 7, 5), 2.5);
        double invariance = 0;
        for (int i = 0; i < z1.length; i++) {
            for (int j = 0; j < z1[0].length; j++) {
                invariance += Math.pow(z1[i][j] - z2[i][j], 2) / (z1.length * z1[0].length);
            }
        }
        double variance = varianceHinge(z1) + varianceHinge(z2);
        double covariance = offDiagonalCovariance(z1) + offDiagonalCovariance(z2);
        VicRegLoss.Terms terms = VicRegLoss.loss(array(manager, z1), array(manager, z2), 25, 25, 1);
        assertThat(variance).as("fixture exercises the hinge").isPositive();
        assertThat(scalar(terms.invariance())).isCloseTo(invariance, within(TOLERANCE));
        assertThat(scalar(terms.variance())).isCloseTo(variance, within(TOLERANCE));
        assertThat(scalar(terms.covariance())).isCloseTo(covariance, within(TOLERANCE));
        assertThat(scalar(terms.total()))
                .isCloseTo(25 * invariance + 25 * variance + covariance, within(TOLERANCE));
    }

    private static double varianceHinge(double[][] z) {
        double s = 0;
        for (int j = 0; j < z[0].length; j++) {
            double std = Math.sqrt(unbiasedCovariance(column(z, j), column(z, j)) + VicRegLoss.STD_EPS);
            s += Math.max(0, 1 - std) / z[0].length;
        }
        return s;
    }

    private static double offDiagonalCovariance(double[][] z) {
        int d = z[0].length;
        double s = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (i != j) {
                    s += Math.pow(unbiasedCovariance(column(z, i), column(z, j)), 2);
                }
            }
        }
        return s / d;
    }

    private static double unbiasedCovariance(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (a[k] - ma) * (b[k] - mb);
        }
        return s / (a.length - 1);
    }
}

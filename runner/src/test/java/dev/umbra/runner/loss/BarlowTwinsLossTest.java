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

class BarlowTwinsLossTest {

    private static final double EPS = BarlowTwinsLoss.BN_EPS;

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
    void byHandTwoPerfectlyCorrelatedFeatures() {
        // Each column is (1, -1): mean 0, biased variance 1, so every entry of C is 1 / (1 + eps).
        double[][] z = {{1, 1}, {-1, -1}};
        BarlowTwinsLoss.Terms terms = BarlowTwinsLoss.loss(array(manager, z), array(manager, z), 1.0, 1.0);
        double c = 1 / (1 + EPS);
        assertThat(scalar(terms.onDiagonal())).isCloseTo(2 * (1 - c) * (1 - c), within(TOLERANCE));
        assertThat(scalar(terms.offDiagonal())).isCloseTo(2 * c * c, within(TOLERANCE));
        assertThat(scalar(terms.total())).isCloseTo(2 * (1 - c) * (1 - c) + 2 * c * c, within(TOLERANCE));
    }

    @Test
    void identicalViewsHaveNoInvarianceTerm() {
        double[][] z = matrix(31, 8, 5);
        BarlowTwinsLoss.Terms terms = BarlowTwinsLoss.loss(array(manager, z), array(manager, z), 0.0051, 0.1);
        assertThat(scalar(terms.onDiagonal())).isCloseTo(0, within(TOLERANCE));
        assertThat(scalar(terms.offDiagonal())).isCloseTo(offDiagonal(crossCorrelation(z, z)), within(TOLERANCE));
    }

    @Test
    void matchesTheFormulaOnRandomEmbeddings() {
        double[][] z1 = matrix(32, 6, 4);
        double[][] z2 = matrix(33, 6, 4);
        double[][] c = crossCorrelation(z1, z2);
        double on = onDiagonal(c);
        double off = offDiagonal(c);
        for (double[] lambdaScale : new double[][] {{0.0051, 0.1}, {1.0, 1.0}}) {
            BarlowTwinsLoss.Terms terms = BarlowTwinsLoss.loss(array(manager, z1), array(manager, z2),
                    lambdaScale[0], lambdaScale[1]);
            assertThat(scalar(terms.onDiagonal())).isCloseTo(on, within(TOLERANCE));
            assertThat(scalar(terms.offDiagonal())).isCloseTo(off, within(TOLERANCE));
            assertThat(scalar(terms.total()))
                    .isCloseTo(lambdaScale[1] * (on + lambdaScale[0] * off), within(TOLERANCE));
        }
    }

    /** C_ij = sum_n a_ni b_nj / N over columns standardised with the biased variance plus eps. */
    private static double[][] crossCorrelation(double[][] z1, double[][] z2) {
        int n = z1.length;
        int d = z1[0].length;
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            double[] a = standardized(column(z1, i));
            for (int j = 0; j < d; j++) {
                double[] b = standardized(column(z2, j));
                for (int k = 0; k < n; k++) {
                    c[i][j] += a[k] * b[k] / n;
                }
            }
        }
        return c;
    }

    private static double[] standardized(double[] x) {
        double m = mean(x);
        double var = 0;
        for (double v : x) {
            var += (v - m) * (v - m) / x.length;
        }
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = (x[i] - m) / Math.sqrt(var + EPS);
        }
        return r;
    }

    private static double onDiagonal(double[][] c) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            s += (1 - c[i][i]) * (1 - c[i][i]);
        }
        return s;
    }

    private static double offDiagonal(double[][] c) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c.length; j++) {
                if (i != j) {
                    s += c[i][j] * c[i][j];
                }
            }
        }
        return s;
    }
}

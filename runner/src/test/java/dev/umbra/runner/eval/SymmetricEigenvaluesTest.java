package dev.umbra.runner.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenvaluesTest {

    /** Q diag(lambda) Q^T with Q orthonormalised from Gaussian columns by Gram-Schmidt. */
    private static double[] withSpectrum(double[] lambda, long seed) {
        int n = lambda.length;
        Random random = new Random(seed);
        double[][] q = new double[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                q[j][i] = random.nextGaussian();
            }
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[j][i] * q[k][i];
                }
                for (int i = 0; i < n; i++) {
                    q[j][i] -= dot * q[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += q[j][i] * q[j][i];
            }
            for (int i = 0; i < n; i++) {
                q[j][i] /= Math.sqrt(norm);
            }
        }
        double[] a = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += q[k][r] * lambda[k] * q[k][c];
                }
                a[r * n + c] = sum;
            }
        }
        return a;
    }

    @Test
    void recoversAKnownSpectrumWithRepeatsAndZeros() {
        double[] lambda = new double[60];
        for (int i = 0; i < lambda.length; i++) {
            lambda[i] = i < 10 ? 0 : i < 20 ? 3.5 : i * i - 100;
        }
        double[] found = SymmetricEigenvalues.of(withSpectrum(lambda, 1), lambda.length);
        Arrays.sort(found);
        double[] expected = lambda.clone();
        Arrays.sort(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(found[i]).as("eigenvalue %d", i).isCloseTo(expected[i], within(1e-9 * 3500));
        }
    }

    @Test
    void handlesTinyAndDiagonalMatrices() {
        assertThat(SymmetricEigenvalues.of(new double[] {4}, 1)).containsExactly(4);
        double[] two = SymmetricEigenvalues.of(new double[] {2, 1, 1, 2}, 2);
        Arrays.sort(two);
        assertThat(two[0]).isCloseTo(1, within(1e-12));
        assertThat(two[1]).isCloseTo(3, within(1e-12));
        double[] diagonal = SymmetricEigenvalues.of(new double[] {5, 0, 0, 0, -1, 0, 0, 0, 2}, 3);
        Arrays.sort(diagonal);
        assertThat(diagonal).containsExactly(-1, 2, 5);
    }
}

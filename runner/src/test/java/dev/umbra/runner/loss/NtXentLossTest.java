package dev.umbra.runner.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NtXentLossTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void identicalOrthogonalViewsGiveLogOfTwoPlusEMinusOne() {
        // Each anchor: positive similarity 1, two negatives at 0: -1 + log(e^0 + e^1 + e^0).
        NDArray z = manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
        double loss = NtXentLoss.compute(z, z, 1.0).getFloat();
        assertThat(loss).isCloseTo(Math.log(2 + Math.E) - 1, within(1e-5));
    }

    @Test
    void collapsedEmbeddingsGiveLogOfTwoNMinusOneAtAnyTemperature() {
        // All similarities equal: the positive is one of 2N-1 equally likely candidates.
        NDArray z = manager.create(new float[] {3, 4, 3, 4, 3, 4}, new Shape(3, 2));
        for (double t : new double[] {0.1, 0.5, 2}) {
            assertThat((double) NtXentLoss.compute(z, z, t).getFloat()).isCloseTo(Math.log(5), within(1e-5));
        }
    }

    @Test
    void matchesTheDefinitionOnArbitraryEmbeddings() {
        float[][] a = {{0.3f, -1.2f, 0.5f}, {2.0f, 0.1f, -0.7f}, {-0.4f, 0.9f, 1.1f}};
        float[][] b = {{0.1f, -1.0f, 0.9f}, {1.5f, 0.4f, -0.2f}, {-1.3f, 0.2f, 0.8f}};
        double t = 0.5;
        double loss = NtXentLoss.compute(manager.create(a), manager.create(b), t).getFloat();
        assertThat(loss).isCloseTo(reference(a, b, t), within(1e-5));
    }

    /** The loss written out with doubles and loops, from the paper's formula. */
    private static double reference(float[][] a, float[][] b, double t) {
        int n = a.length;
        double[][] z = new double[2 * n][];
        for (int i = 0; i < n; i++) {
            z[i] = unit(a[i]);
            z[i + n] = unit(b[i]);
        }
        double total = 0;
        for (int i = 0; i < 2 * n; i++) {
            int positive = i < n ? i + n : i - n;
            double denominator = 0;
            for (int k = 0; k < 2 * n; k++) {
                if (k != i) {
                    denominator += Math.exp(dot(z[i], z[k]) / t);
                }
            }
            total += -dot(z[i], z[positive]) / t + Math.log(denominator);
        }
        return total / (2 * n);
    }

    private static double[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] / norm;
        }
        return u;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }
}

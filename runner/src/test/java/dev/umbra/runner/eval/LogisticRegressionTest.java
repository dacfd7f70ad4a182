package dev.umbra.runner.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    /** The objective and its gradient written out in plain doubles, independently of the tensor code. */
    private static double objective(float[] x, long[] y, int n, int d, int c, double l2, double[] p) {
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double[] z = new double[c];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                z[k] = p[d * c + k];
                for (int j = 0; j < d; j++) {
                    z[k] += x[i * d + j] * p[j * c + k];
                }
                max = Math.max(max, z[k]);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                sum += Math.exp(z[k] - max);
            }
            loss -= z[(int) y[i]] - max - Math.log(sum);
        }
        double penalty = 0;
        for (int i = 0; i < d * c; i++) {
            penalty += p[i] * p[i];
        }
        return loss / n + 0.5 * l2 * penalty;
    }

    @Test
    void fitReachesAStationaryPointOfTheIndependentlyWrittenObjective() {
        int n = 60;
        int d = 4;
        int c = 3;
        double l2 = 0.05;
        Random random = new Random(11);
        float[] x = new float[n * d];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(c);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (random.nextGaussian() + (j == y[i] ? 1 : 0));
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            FeatureSet set = new FeatureSet(manager.create(x, new Shape(n, d)), manager.create(y), c);
            LogisticRegression.Fit fit = LogisticRegression.fit(set, l2, LogisticRegression.zeros(d, c),
                    new Lbfgs(10, 500, 1e-6));

            double[] p = fit.parameters();
            double f0 = objective(x, y, n, d, c, l2, p);
            assertThat(fit.loss()).isCloseTo(f0, within(1e-5));
            // Central differences of the reference objective vanish at the optimum.
            double h = 1e-4;
            for (int i = 0; i < p.length; i++) {
                double[] plus = p.clone();
                double[] minus = p.clone();
                plus[i] += h;
                minus[i] -= h;
                double derivative = (objective(x, y, n, d, c, l2, plus) - objective(x, y, n, d, c, l2, minus)) / (2 * h);
                assertThat(derivative).as("d f / d p[%d]", i).isCloseTo(0, within(1e-4));
            }
            // Any perturbation makes the reference objective worse.
            Random r = new Random(5);
            for (int t = 0; t < 5; t++) {
                double[] q = p.clone();
                for (int i = 0; i < q.length; i++) {
                    q[i] += 0.01 * r.nextGaussian();
                }
                assertThat(objective(x, y, n, d, c, l2, q)).isGreaterThan(f0);
            }
        }
    }
}

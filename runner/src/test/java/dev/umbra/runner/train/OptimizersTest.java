package dev.umbra.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.umbra.client.spec.OptimizerName;
import dev.umbra.client.spec.RunSpec.OptimizerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each update rule against the same rule written out by hand, on one weight vector over two steps. */
class OptimizersTest {

    private static final float[] W0 = {1.0f, -2.0f, 0.5f};
    private static final float[] G = {0.3f, 0.1f, -0.4f};

    @Test
    void sgdWithMomentumAndWeightDecay() {
        double lr = 0.1;
        double m = 0.9;
        double wd = 0.01;
        double[] w = toDouble(W0);
        double[] buf = new double[3];
        for (int step = 0; step < 2; step++) {
            for (int i = 0; i < 3; i++) {
                double g = G[i] + wd * w[i];
                buf[i] = m * buf[i] + g;
                w[i] -= lr * buf[i];
            }
        }
        assertThat(run(new OptimizerSpec(OptimizerName.SGD, lr, m, wd, 0.9, 0.999, 0.02, true), lr, true))
                .containsExactly(toFloat(w), within(1e-6f));
    }

    @Test
    void adamWithL2AndAdamWWithDecoupledDecay() {
        double lr = 0.01;
        double wd = 0.1;
        for (boolean decoupled : new boolean[] {false, true}) {
            double[] w = toDouble(W0);
            double[] m = new double[3];
            double[] v = new double[3];
            for (int t = 1; t <= 2; t++) {
                for (int i = 0; i < 3; i++) {
                    double g = G[i];
                    if (decoupled) {
                        w[i] *= 1 - lr * wd;
                    } else {
                        g += wd * w[i];
                    }
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    double mHat = m[i] / (1 - Math.pow(0.9, t));
                    double vHat = v[i] / (1 - Math.pow(0.999, t));
                    w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                }
            }
            OptimizerName name = decoupled ? OptimizerName.ADAMW : OptimizerName.ADAM;
            assertThat(run(new OptimizerSpec(name, lr, 0.9, wd, 0.9, 0.999, 0.02, true), lr, true))
                    .as(name.id()).containsExactly(toFloat(w), within(1e-6f));
        }
    }

    @Test
    void larsScalesTheGradientByTheTrustRatioOnlyForDecayedParameters() {
        double lr = 0.5;
        double m = 0.9;
        double wd = 0.01;
        double eta = 0.02;
        double[] w = toDouble(W0);
        double[] buf = new double[3];
        for (int step = 0; step < 2; step++) {
            double[] g = new double[3];
            double wNorm = 0;
            double gNorm = 0;
            for (int i = 0; i < 3; i++) {
                g[i] = G[i] + wd * w[i];
                wNorm += w[i] * w[i];
                gNorm += g[i] * g[i];
            }
            double ratio = eta * Math.sqrt(wNorm) / Math.sqrt(gNorm);
            for (int i = 0; i < 3; i++) {
                buf[i] = m * buf[i] + ratio * g[i];
                w[i] -= lr * buf[i];
            }
        }
        OptimizerSpec spec = new OptimizerSpec(OptimizerName.LARS, lr, m, wd, 0.9, 0.999, eta, true);
        assertThat(run(spec, lr, true)).containsExactly(toFloat(w), within(1e-6f));

        // Excluded (bias or norm): plain momentum SGD, no decay, no trust ratio.
        double[] plain = toDouble(W0);
        double[] plainBuf = new double[3];
        for (int step = 0; step < 2; step++) {
            for (int i = 0; i < 3; i++) {
                plainBuf[i] = m * plainBuf[i] + G[i];
                plain[i] -= lr * plainBuf[i];
            }
        }
        assertThat(run(spec, lr, false)).containsExactly(toFloat(plain), within(1e-6f));
    }

    /** Two steps on loss = sum(w * G), so that the gradient is G at every step. */
    private static float[] run(OptimizerSpec spec, double lr, boolean decayed) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter parameter = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            NDArray w = manager.create(W0);
            w.setRequiresGradient(true);
            parameter.setArray(w);
            Optimizer optimizer = Optimizers.create(spec, List.of(new TrainableParameter("w", parameter, decayed)));
            NDArray g = manager.create(G);
            for (int step = 1; step <= 2; step++) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(w.mul(g).sum());
                }
                optimizer.step(lr, step);
            }
            assertThat(optimizer.state()).isNotEmpty();
            return w.toFloatArray();
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}

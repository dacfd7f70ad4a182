package dev.umbra.runner.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Random;

/**
 * Small fixed inputs for the loss tests and the plain-double arithmetic that the expected values
 * are computed with (independently of the NDArray code under test).
 */
final class Fixtures {

    static final double TOLERANCE = 1e-5;

    private Fixtures() {
    }

    /** A seeded matrix of values in [-1, 1), rounded to float so that both sides see the same inputs. */
    static double[][] matrix(long seed, int rows, int cols) {
        Random random = new Random(seed);
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        return m;
    }

    static NDArray array(NDManager manager, double[][] m) {
        float[][] f = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            f[i] = new float[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                f[i][j] = (float) m[i][j];
            }
        }
        return manager.create(f);
    }

    static double scalar(NDArray a) {
        return a.toType(DataType.FLOAT64, false).getDouble();
    }

    static double[][] matrixOf(NDArray a) {
        int rows = (int) a.getShape().get(0);
        int cols = (int) a.getShape().get(1);
        double[] flat = a.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, m[i], 0, cols);
        }
        return m;
    }

    static double[][] negate(double[][] m) {
        return scale(m, -1);
    }

    static double[][] scale(double[][] m, double factor) {
        double[][] r = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            r[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                r[i][j] = m[i][j] * factor;
            }
        }
        return r;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] unit(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i] / norm;
        }
        return r;
    }

    static double cosine(double[] a, double[] b) {
        return dot(unit(a), unit(b));
    }

    /** log(sum_j exp(x_j)), the softmax normaliser. */
    static double logSumExp(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (double v : x) {
            s += Math.exp(v - max);
        }
        return max + Math.log(s);
    }

    static double[] softmax(double[] x) {
        double lse = logSumExp(x);
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.exp(x[i] - lse);
        }
        return p;
    }

    static double[] column(double[][] m, int j) {
        double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i][j];
        }
        return c;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}

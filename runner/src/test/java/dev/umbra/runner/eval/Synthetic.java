package dev.umbra.runner.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Seeded synthetic feature sets for the protocol tests. */
final class Synthetic {

    private Synthetic() {
    }

    /**
     * {@code perClass} points around each of {@code classes} fixed orthogonal directions (class c
     * on axis c, scaled by 1 + noise), plus isotropic noise of std {@code noise}; rows shuffled.
     */
    static FeatureSet clusters(NDManager manager, int classes, int perClass, int dim, float noise, long seed) {
        Random random = new Random(seed);
        int n = classes * perClass;
        float[] x = new float[n * dim];
        long[] y = new long[n];
        int[] order = permutation(n, random);
        for (int i = 0; i < n; i++) {
            int row = order[i];
            int c = i % classes;
            y[row] = c;
            for (int j = 0; j < dim; j++) {
                x[row * dim + j] = (float) (noise * random.nextGaussian());
            }
            x[row * dim + c] += 1f;
        }
        return new FeatureSet(manager.create(x, new Shape(n, dim)), manager.create(y), classes);
    }

    /** Gaussian blobs: class means drawn N(0, spread^2) per coordinate, unit-variance noise. */
    static FeatureSet blobs(NDManager manager, NDArray means, int perClass, long seed) {
        Random random = new Random(seed);
        int classes = Math.toIntExact(means.getShape().get(0));
        int dim = Math.toIntExact(means.getShape().get(1));
        float[] mu = means.toFloatArray();
        int n = classes * perClass;
        float[] x = new float[n * dim];
        long[] y = new long[n];
        int[] order = permutation(n, random);
        for (int i = 0; i < n; i++) {
            int row = order[i];
            int c = i % classes;
            y[row] = c;
            for (int j = 0; j < dim; j++) {
                x[row * dim + j] = mu[c * dim + j] + (float) random.nextGaussian();
            }
        }
        return new FeatureSet(manager.create(x, new Shape(n, dim)), manager.create(y), classes);
    }

    static float[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}

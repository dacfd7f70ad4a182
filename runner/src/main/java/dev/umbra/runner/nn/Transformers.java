package dev.umbra.runner.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Layers and position embeddings of the vision transformer and of MAE's decoder, initialised as MAE's code does. */
public final class Transformers {

    /** MAE's (and timm's ViT's) LayerNorm epsilon. */
    static final float LAYER_NORM_EPS = 1e-6f;

    private static final Map<String, float[]> SIN_COS = new ConcurrentHashMap<>();

    private Transformers() {
    }

    /**
     * A fully connected layer on the last axis with Xavier-uniform weights
     * ({@code U(-a, a)}, {@code a = sqrt(6 / (fan_in + fan_out))}) and zero bias, as MAE initialises every Linear.
     */
    public static Linear linear(int units) {
        Linear linear = Linear.builder().setUnits(units).build();
        // DJL's Xavier: a = sqrt(magnitude / ((fan_in + fan_out) / 2)); magnitude 3 is Glorot's uniform bound.
        linear.setInitializer(new XavierInitializer(RandomType.UNIFORM, FactorType.AVG, 3), Parameter.Type.WEIGHT);
        return linear;
    }

    /** LayerNorm over the last axis of {@code [N, T, D]} tokens; scale 1, shift 0 (DJL's defaults). */
    public static LayerNorm layerNorm() {
        return LayerNorm.builder().axis(2).optEpsilon(LAYER_NORM_EPS).build();
    }

    /**
     * Fixed 2-D sine-cosine position embeddings of a {@code rows x cols} token grid, {@code [rows * cols, dim]}
     * in row-major order, as MAE's {@code get_2d_sincos_pos_embed}: half of the channels encode the row, half the
     * column, each as {@code [sin(pos * w_i), cos(pos * w_i)]} with {@code w_i = 10000^(-i / (dim / 4))}.
     *
     * <p>A grid other than the reference grid (the one the network was built for) spans the same extent: token
     * {@code i} of {@code g} sits at {@code (i + 0.5) * G / g - 0.5} on the reference grid of {@code G}, as if
     * the reference embeddings were bilinearly resampled (align_corners false). A 4x4 local crop of an 8x8
     * image thus sees positions 0.5, 2.5, 4.5, 6.5; the reference grid itself gets the integers 0..G-1.
     */
    static float[] sinCos2d(int dim, int rows, int cols, int refRows, int refCols) {
        if (dim % 4 != 0) {
            throw new IllegalArgumentException("sine-cosine position embeddings need a width divisible by 4, got " + dim);
        }
        return SIN_COS.computeIfAbsent(dim + ":" + rows + "x" + cols + "@" + refRows + "x" + refCols, key -> {
            int quarter = dim / 4;
            float[] table = new float[rows * cols * dim];
            for (int r = 0; r < rows; r++) {
                double y = (r + 0.5) * refRows / rows - 0.5;
                for (int c = 0; c < cols; c++) {
                    double x = (c + 0.5) * refCols / cols - 0.5;
                    int base = (r * cols + c) * dim;
                    for (int i = 0; i < quarter; i++) {
                        double omega = Math.pow(10_000, -(double) i / quarter);
                        table[base + i] = (float) Math.sin(y * omega);
                        table[base + quarter + i] = (float) Math.cos(y * omega);
                        table[base + 2 * quarter + i] = (float) Math.sin(x * omega);
                        table[base + 3 * quarter + i] = (float) Math.cos(x * omega);
                    }
                }
            }
            return table;
        });
    }

    /** {@link #sinCos2d} as a constant {@code [1, rows * cols, dim]} array in {@code manager}, to add to tokens. */
    public static NDArray positionEmbedding(NDManager manager, int dim, int rows, int cols, int refRows, int refCols) {
        return manager.create(sinCos2d(dim, rows, cols, refRows, refCols), new Shape(1, (long) rows * cols, dim));
    }
}

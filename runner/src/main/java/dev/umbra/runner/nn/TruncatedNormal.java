package dev.umbra.runner.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Normal(0, std) with every value outside {@code [lower, upper]} redrawn: PyTorch's / timm's
 * {@code trunc_normal_(w, std=std, a=lower, b=upper)}, whose bounds are absolute values, not multiples of
 * std. DINO's heads use {@code trunc_normal_(std=.02)} with the default bounds ±2, i.e. about a plain
 * normal of std 0.02. DJL's {@code TruncatedNormalInitializer} cuts at ±2 std instead, which shrinks
 * the std by 12 %.
 */
public final class TruncatedNormal implements Initializer {

    private final float std;
    private final float lower;
    private final float upper;

    public TruncatedNormal(float std, float lower, float upper) {
        if (!(std > 0) || !(lower < upper)) {
            throw new IllegalArgumentException("need std > 0 and lower < upper");
        }
        this.std = std;
        this.lower = lower;
        this.upper = upper;
    }

    /** The reference's {@code trunc_normal_(std=std)}: bounds ±2. */
    public static TruncatedNormal of(float std) {
        return new TruncatedNormal(std, -2f, 2f);
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        NDArray w = manager.randomNormal(0f, std, shape, DataType.FLOAT32);
        // Redraw the values outside the bounds; with the reference's bounds this loop rarely runs.
        for (int round = 0; round < 100; round++) {
            NDArray outside = w.lt(lower).logicalOr(w.gt(upper));
            if (!outside.any().getBoolean()) {
                outside.close();
                return w.toType(dataType, false);
            }
            NDArray fresh = manager.randomNormal(0f, std, shape, DataType.FLOAT32);
            NDArray next = NDArrays.where(outside, fresh, w);
            w.close();
            fresh.close();
            outside.close();
            w = next;
        }
        // A bound pair that leaves almost no mass: clip what remains rather than loop forever.
        return w.clip(lower, upper).toType(dataType, false);
    }
}

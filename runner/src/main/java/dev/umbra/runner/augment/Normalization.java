package dev.umbra.runner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The input normalisation of a dataset: per-channel mean and standard deviation of pixel values in
 * [0, 1], computed on its training split. Every image an encoder sees (training views, features for
 * evaluation) goes through it.
 */
public record Normalization(float[] mean, float[] std) {

    /** uint8 {@code [B, C, H, W]} to float32 in [0, 1]. */
    public static NDArray toUnit(NDArray uint8Images) {
        return uint8Images.toType(DataType.FLOAT32, false).divi(255f);
    }

    /** {@code (x - mean[c]) / std[c]} on float images in [0, 1]. */
    public NDArray apply(NDArray unitImages) {
        if (unitImages.getShape().get(1) != mean.length) {
            throw new IllegalArgumentException("images have " + unitImages.getShape().get(1) + " channels, the"
                    + " normalisation " + mean.length);
        }
        Shape perChannel = new Shape(1, mean.length, 1, 1);
        NDArray m = unitImages.getManager().create(mean, perChannel);
        NDArray s = unitImages.getManager().create(std, perChannel);
        return unitImages.sub(m).divi(s);
    }
}

package dev.umbra.runner.augment;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;

/**
 * One augmentation applied to a whole batch {@code [B, C, H, W]} of float images on the run's device.
 * Random choices (one small set per image) are drawn in Java from {@code random}, in a fixed order, and
 * uploaded as small arrays; the pixel work is a handful of batched tensor operations.
 */
interface BatchTransform {

    NDArray apply(NDArray images, SplittableRandom random);
}

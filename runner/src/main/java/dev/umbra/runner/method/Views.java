package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;

/**
 * One step's batch: augmented, normalised views {@code [B, C, H, W]} (float32, on the run's device)
 * and the labels {@code [B]} (int64; only {@code supervised} may read them).
 *
 * @param view2 null when the method asks for one view
 */
public record Views(NDArray view1, NDArray view2, NDArray labels) {

    public int batchSize() {
        return Math.toIntExact(view1.getShape().get(0));
    }
}

package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * One step's batch: augmented, normalised views {@code [B, C, H, W]} (float32, on the run's device)
 * and the labels {@code [B]} (int64; only {@code supervised} may read them).
 *
 * @param view2      null when the method asks for one view
 * @param localViews the smaller crops a method asks for with {@link SslMethod#localViews()}, each
 *                   {@code [B, C, size, size]}; empty otherwise
 */
public record Views(NDArray view1, NDArray view2, NDArray labels, List<NDArray> localViews) {

    public Views {
        localViews = List.copyOf(localViews);
    }

    public int batchSize() {
        return Math.toIntExact(view1.getShape().get(0));
    }
}

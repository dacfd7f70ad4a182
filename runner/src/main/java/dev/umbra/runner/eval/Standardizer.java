package dev.umbra.runner.eval;

import ai.djl.ndarray.NDArray;

/**
 * Per-dimension standardisation with statistics of one (training) matrix: {@code (x - mean) / std}.
 * Dimensions that are constant on that matrix (dead ReLU units are common in small backbones)
 * are mapped to 0 instead of being divided by ~0, which would blow up their test values.
 */
final class Standardizer implements AutoCloseable {

    private static final double MIN_STD = 1e-6;

    private final NDArray mean;
    private final NDArray inverseStd;

    private Standardizer(NDArray mean, NDArray inverseStd) {
        this.mean = mean;
        this.inverseStd = inverseStd;
    }

    /** Statistics of {@code train}'s rows (population std); arrays live in its manager until closed. */
    static Standardizer fit(NDArray train) {
        NDArray mean = train.mean(new int[] {0}, true);
        NDArray std;
        try (NDArray centred = train.sub(mean); NDArray variance = centred.square().mean(new int[] {0}, true)) {
            std = variance.sqrt();
        }
        NDArray alive = std.gt(MIN_STD);
        NDArray inverse = alive.toType(std.getDataType(), false).div(std.maximum(MIN_STD));
        alive.close();
        std.close();
        return new Standardizer(mean, inverse);
    }

    /** A new standardised copy of {@code x}, in x's manager. */
    NDArray apply(NDArray x) {
        try (NDArray centred = x.sub(mean)) {
            return centred.mul(inverseStd);
        }
    }

    @Override
    public void close() {
        mean.close();
        inverseStd.close();
    }
}

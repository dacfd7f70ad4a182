package dev.umbra.runner.loss;

import ai.djl.ndarray.NDArray;

/** Softmax cross-entropy on class labels with optional label smoothing (Szegedy et al. 2016), as PyTorch defines it. */
public final class CrossEntropyLoss {

    private CrossEntropyLoss() {
    }

    /**
     * @param logits    {@code [N, K]}
     * @param labels    {@code [N]}, int64 class indices
     * @param smoothing the target puts {@code 1 - smoothing + smoothing / K} on the label and {@code smoothing / K} elsewhere
     */
    public static NDArray compute(NDArray logits, NDArray labels, double smoothing) {
        NDArray logp = logits.logSoftmax(1);
        NDArray picked = logp.gather(labels.reshape(-1, 1), 1).mean();
        if (smoothing == 0) {
            return picked.neg();
        }
        NDArray uniform = logp.mean();
        // float factors: a double scalar would promote these 0-dim arrays to float64.
        return picked.mul((float) (1 - smoothing)).addi(uniform.mul((float) smoothing)).neg();
    }
}

package dev.umbra.runner.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/** Top-k accuracy of class scores against integer labels. */
final class Accuracy {

    private Accuracy() {
    }

    /** Number of rows of {@code scores} ({@code m x C}) whose label is among the k highest scores. */
    static long topKCorrect(NDArray scores, NDArray labels, int k) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            if (k == 1) {
                return scores.argMax(1).eq(labels).countNonzero().getLong();
            }
            // The k indices of a row are distinct, so a row matches its label at most once.
            NDArray top = scores.topK(k, 1, true, false).get(1);
            return top.eq(labels.expandDims(1)).countNonzero().getLong();
        }
    }
}

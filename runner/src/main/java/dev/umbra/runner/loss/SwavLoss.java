package dev.umbra.runner.loss;

import ai.djl.ndarray.NDArray;

/**
 * SwAV (Caron et al. 2020): codes from Sinkhorn-Knopp on one view's prototype scores are
 * predicted from the other view's scores ("swapped prediction").
 */
public final class SwavLoss {

    private SwavLoss() {
    }

    /**
     * Equal-partition soft assignments of B samples to K prototypes (paper, Alg. 1 and sec. 3.1):
     * {@code Q = exp(scores / epsilon)} alternately rescaled so that every prototype receives
     * mass {@code 1/K} and every sample mass {@code 1/B}, then multiplied by B. After the last
     * iteration each row (sample) sums to exactly 1; each column (prototype) sums to B/K once
     * the iteration has converged (three iterations come close on non-degenerate scores).
     *
     * <p>The result carries no gradient: codes are targets.
     *
     * @param scores     prototype scores (cosine similarities), shape (B, K)
     * @param iterations Sinkhorn-Knopp iterations
     * @param epsilon    entropic regularisation
     * @return codes, shape (B, K)
     */
    public static NDArray sinkhorn(NDArray scores, int iterations, double epsilon) {
        long b = scores.getShape().get(0);
        long k = scores.getShape().get(1);
        NDArray s = scores.stopGradient();
        // Subtracting the maximum changes nothing after the first normalisation but keeps exp
        // finite for small epsilon.
        NDArray q = s.sub(s.max()).div(epsilon).exp();
        q = q.div(q.sum());
        for (int i = 0; i < iterations; i++) {
            q = q.div(q.sum(new int[] {0}, true)).div(k);
            q = q.div(q.sum(new int[] {1}, true)).div(b);
        }
        return q.mul(b);
    }

    /**
     * {@code (H(codes1, softmax(scores2 / t)) + H(codes2, softmax(scores1 / t))) / 2}, where
     * {@code H(q, p) = -mean_i sum_k q_ik log p_ik}.
     *
     * @param scores1 prototype scores of view 1, shape (B, K)
     * @param scores2 prototype scores of view 2, shape (B, K)
     * @param codes1  Sinkhorn codes of view 1 (treated as constants)
     * @param codes2  Sinkhorn codes of view 2 (treated as constants)
     */
    public static NDArray swappedPrediction(NDArray scores1, NDArray scores2, NDArray codes1, NDArray codes2,
                                            double temperature) {
        return crossEntropy(codes1, scores2, temperature).add(crossEntropy(codes2, scores1, temperature)).div(2);
    }

    private static NDArray crossEntropy(NDArray codes, NDArray scores, double temperature) {
        return codes.stopGradient().mul(scores.div(temperature).logSoftmax(1)).sum(new int[] {1}).mean().neg();
    }
}

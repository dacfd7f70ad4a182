package dev.umbra.runner.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * NT-Xent (Chen et al. 2020, SimCLR): for each of the 2N embeddings, cross-entropy of picking its
 * positive (the other view of the same image) among the 2N - 1 others, by cosine similarity over a
 * temperature; averaged over all 2N anchors.
 *
 * <pre>loss = 1/(2N) sum_i [ -s(i, p(i)) / T + log sum_{k != i} exp(s(i, k) / T) ]</pre>
 */
public final class NtXentLoss {

    /** Added to self-similarities so that exp() of them is exactly 0 in float32, without the NaN an infinity brings. */
    private static final float SELF_MASK = -1e9f;

    private NtXentLoss() {
    }

    /**
     * @param z1 embeddings of view 1, {@code [N, d]} (not necessarily normalised)
     * @param z2 embeddings of view 2, row i the same image as row i of {@code z1}
     */
    public static NDArray compute(NDArray z1, NDArray z2, double temperature) {
        NDManager manager = z1.getManager();
        int n = Math.toIntExact(z1.getShape().get(0));
        NDArray z = z1.normalize(2, 1, 1e-12).concat(z2.normalize(2, 1, 1e-12), 0);
        NDArray logits = z.matMul(z.transpose()).divi((float) temperature);
        logits = logits.addi(manager.eye(2 * n).muli(SELF_MASK));
        long[] positives = new long[2 * n];
        for (int i = 0; i < n; i++) {
            positives[i] = i + n;
            positives[i + n] = i;
        }
        NDArray index = manager.create(positives, new Shape(2 * n, 1));
        return logits.logSoftmax(1).gather(index, 1).mean().neg();
    }
}

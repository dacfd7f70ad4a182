package dev.umbra.runner.loss;

import ai.djl.ndarray.NDArray;

/**
 * InfoNCE with a queue of negatives (MoCo, He et al. 2020, Alg. 1; v2 in Chen et al. 2020b):
 * each query is classified against its own key (the positive) and every key in the queue.
 *
 * <p>Queries and keys are L2-normalised here; the queue holds keys that were normalised when
 * they were enqueued. Keys and queue are detached here: only the query branch learns.
 */
public final class InfoNceLoss {

    private InfoNceLoss() {
    }

    /**
     * {@code -mean_i log( exp(q_i.k_i/t) / (exp(q_i.k_i/t) + sum_j exp(q_i.queue_j/t)) )}.
     *
     * @param queries     shape (N, D), from the online encoder
     * @param keys        shape (N, D), from the momentum encoder, one per query
     * @param queue       shape (K, D), L2-normalised keys of earlier batches
     * @param temperature softmax temperature
     * @return a scalar
     */
    public static NDArray loss(NDArray queries, NDArray keys, NDArray queue, double temperature) {
        NDArray q = queries.normalize(2, 1, NegativeCosineLoss.NORM_EPS);
        NDArray k = keys.stopGradient().normalize(2, 1, NegativeCosineLoss.NORM_EPS);
        NDArray positive = q.mul(k).sum(new int[] {1}, true);
        NDArray negatives = q.matMul(queue.stopGradient().transpose());
        NDArray logits = positive.concat(negatives, 1).div(temperature);
        return logits.logSoftmax(1).get(":, 0").mean().neg();
    }
}

package dev.umbra.runner.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/**
 * Weighted k-nearest-neighbour classification on cosine similarity (Wu et al. 2018, as used by
 * DINO and solo-learn): each of the k most similar bank entries votes for its class with weight
 * {@code exp(s / T)}; the class with the largest vote sum wins (ties go to the lower class id).
 *
 * <p>Queries are processed in chunks so the similarity matrix never holds more than
 * {@code maxChunkBytes}: 10,000 x 60,000 floats would be 2.4 GB at once.
 */
public final class KnnClassifier implements AutoCloseable {

    /** One (k, temperature) pair to score. */
    public record Setting(int k, double temperature) {
    }

    private final NDArray bank;
    private final NDArray bankLabels;
    private final int numClasses;
    private final long maxChunkBytes;

    /** Normalises the bank once; the copy lives in the bank's manager until {@link #close()}. */
    public KnnClassifier(FeatureSet bank, long maxChunkBytes) {
        if (maxChunkBytes <= 0) {
            throw new IllegalArgumentException("maxChunkBytes must be positive");
        }
        this.bank = bank.features().normalize(2, 1, 1e-12);
        this.bankLabels = bank.labels();
        this.numClasses = bank.numClasses();
        this.maxChunkBytes = maxChunkBytes;
    }

    public int bankSize() {
        return Math.toIntExact(bank.getShape().get(0));
    }

    /**
     * Vote sums per class for each query: {@code m x numClasses}, in the queries' manager.
     * {@code k} is clamped to the bank size.
     */
    public NDArray votes(NDArray queries, int k, double temperature) {
        int kEff = Math.min(k, bankSize());
        NDArray votes;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList top = neighbours(queries, kEff);
            votes = weightedVotes(top.get(0), top.get(1), kEff, temperature);
            NDScope.unregister(votes);
        }
        return votes;
    }

    /** Top-1 accuracy of each setting on the queries, in the order given. */
    public double[] accuracy(FeatureSet queries, List<Setting> settings) {
        int kMax = settings.stream().mapToInt(s -> Math.min(s.k(), bankSize())).max().orElseThrow();
        int m = queries.size();
        int chunk = (int) Math.max(1, Math.min(m, maxChunkBytes / (4L * bankSize())));
        long[] correct = new long[settings.size()];
        for (int start = 0; start < m; start += chunk) {
            int end = Math.min(m, start + chunk);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray q = queries.features().get(new NDIndex("{}:{}", start, end));
                NDArray truth = queries.labels().get(new NDIndex("{}:{}", start, end));
                // The top-kMax list is sorted, so every smaller k reads a prefix of it.
                NDList top = neighbours(q, kMax);
                for (int i = 0; i < settings.size(); i++) {
                    Setting s = settings.get(i);
                    int kEff = Math.min(s.k(), bankSize());
                    NDArray predicted = weightedVotes(top.get(0), top.get(1), kEff, s.temperature()).argMax(1);
                    correct[i] += predicted.eq(truth).countNonzero().getLong();
                }
            }
        }
        double[] accuracy = new double[settings.size()];
        for (int i = 0; i < accuracy.length; i++) {
            accuracy[i] = (double) correct[i] / m;
        }
        return accuracy;
    }

    /** Similarities and bank indices of the k nearest entries, most similar first. */
    private NDList neighbours(NDArray queries, int k) {
        NDArray similarity = queries.normalize(2, 1, 1e-12).matMul(bank.transpose());
        return similarity.topK(k, 1, true, true);
    }

    private NDArray weightedVotes(NDArray similarities, NDArray indices, int k, double temperature) {
        NDIndex firstK = new NDIndex(":, :{}", k);
        NDArray weights = similarities.get(firstK).div(temperature).exp();
        NDArray classes = bankLabels.take(indices.get(firstK)).oneHot(numClasses, DataType.FLOAT32);
        return classes.mul(weights.expandDims(2)).sum(new int[] {1});
    }

    @Override
    public void close() {
        bank.close();
    }
}

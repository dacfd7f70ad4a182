package dev.umbra.runner.data;

import dev.umbra.runner.engine.Seeds;
import java.util.SplittableRandom;

/** The order in which an epoch visits the training images: a permutation derived from (seed, epoch) only. */
public final class EpochOrder {

    private EpochOrder() {
    }

    /** A Fisher-Yates shuffle of {@code 0..n-1} seeded by (seed, epoch). */
    public static int[] permutation(int n, long seed, int epoch) {
        SplittableRandom random = Seeds.random(seed, epoch, -1, Seeds.Stream.DATA_ORDER);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Full batches per epoch (the last, partial batch is dropped, as batch-norm SSL methods need), capped. */
    public static int stepsPerEpoch(int n, int batchSize, Integer maxSteps) {
        int full = n / batchSize;
        return maxSteps == null ? full : Math.min(full, maxSteps);
    }
}

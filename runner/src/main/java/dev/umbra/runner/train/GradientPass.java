package dev.umbra.runner.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The forward and backward pass of one training step, computed again when the loss or the gradients
 * come out non-finite.
 *
 * <p>Why a step may need a second pass: libtorch 2.7.1 on the CPU now and then returns NaN, in the loss
 * or in the gradients, from the same inputs, weights and seeds that give finite values on every other
 * run (docs/architecture.md, "Training determinism", has the measurements). A second pass computes the
 * values a clean run computes: the forward pass's in-place effects (batch-norm running statistics) are
 * put back first and the engine is seeded again. A step that stays non-finite for {@value #ATTEMPTS}
 * passes is the run's own divergence.
 */
public final class GradientPass {

    /** Passes of one step before a non-finite loss or gradient counts as the run's divergence. */
    public static final int ATTEMPTS = 3;

    /**
     * @param loss            the loss of the pass that counts
     * @param recomputations  passes thrown away for a non-finite loss or gradient
     */
    public record Outcome(float loss, int recomputations) {
    }

    private GradientPass() {
    }

    /**
     * Leaves the gradients of the pass that counts in the optimizer's parameters.
     *
     * @param engine             the engine whose generator {@code seed} resets before each forward pass
     * @param forward            the loss of the step's forward pass, recorded for gradients
     * @param runningStatistics  arrays the forward pass updates in place; restored before a recomputation
     * @throws NonFiniteStepException when no pass gave a finite loss with finite gradients
     */
    public static Outcome run(Engine engine, int seed, Supplier<NDArray> forward, Optimizer optimizer,
                              List<NDArray> runningStatistics) {
        List<NDArray> before = new ArrayList<>(runningStatistics.size());
        try {
            for (NDArray statistic : runningStatistics) {
                before.add(statistic.duplicate());
            }
            for (int attempt = 1; ; attempt++) {
                engine.setRandomSeed(seed);
                try (GradientCollector collector = engine.newGradientCollector()) {
                    NDArray loss = forward.get();
                    float value = loss.getFloat();
                    if (Float.isFinite(value)) {
                        collector.backward(loss);
                        if (optimizer.gradientsFinite()) {
                            return new Outcome(value, attempt - 1);
                        }
                        optimizer.zeroGradients();
                    }
                }
                if (attempt == ATTEMPTS) {
                    throw new NonFiniteStepException(ATTEMPTS);
                }
                for (int i = 0; i < before.size(); i++) {
                    before.get(i).copyTo(runningStatistics.get(i));
                }
            }
        } finally {
            before.forEach(NDArray::close);
        }
    }
}

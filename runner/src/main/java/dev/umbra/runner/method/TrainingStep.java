package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.umbra.runner.engine.Seeds;
import dev.umbra.runner.nn.Encoder;
import java.util.SplittableRandom;

/**
 * The context of one optimizer step, handed to the method by the training loop.
 *
 * @param manager        this step's manager: closed at the end of the step with everything in it
 * @param parameterStore gives blocks their parameter arrays (no copies)
 * @param encoder        the online encoder
 * @param epoch          0-based epoch
 * @param step           0-based step within the epoch
 * @param globalStep     0-based step over the whole run
 * @param totalSteps     steps of the whole run
 * @param seed           the run's seed
 */
public record TrainingStep(NDManager manager, ParameterStore parameterStore, Encoder encoder, int epoch, int step,
                           long globalStep, long totalSteps, long seed) {

    /** A training-mode forward pass of one block on one input. */
    public NDArray forward(Block block, NDArray input) {
        return block.forward(parameterStore, new NDList(input), true).singletonOrThrow();
    }

    /** The online encoder's features of a batch of views, {@code [B, featureDim]}. */
    public NDArray encode(NDArray views) {
        return forward(encoder, views);
    }

    /** Fraction of the run done before this step, in [0, 1): drives momentum and temperature schedules. */
    public double progress() {
        return totalSteps == 0 ? 0 : (double) globalStep / totalSteps;
    }

    /** The method's own random stream for this step (masks, noise), derived from (seed, epoch, step). */
    public SplittableRandom random() {
        return Seeds.random(seed, epoch, step, Seeds.Stream.METHOD);
    }
}

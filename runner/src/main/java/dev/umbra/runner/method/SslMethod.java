package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.Map;

/**
 * One training method (an SSL method or a baseline). The shared training loop owns the encoder, the
 * data, the augmentations, the optimizer and checkpoints; a method owns what is particular to it:
 * its heads, its loss, its target network and its extra state.
 *
 * <p>Per step the loop calls, in order: {@link #beforeForward} (gradient recording off),
 * {@link #loss} (inside a gradient collector), backward, {@link #beforeUpdate} (recording off, gradients
 * available), the optimizer update, {@link #afterUpdate} (recording off). {@link #loss} may be called
 * again in the same step, from the same seed, when a pass comes out non-finite (see
 * {@code GradientPass}): it must change nothing but its blocks' batch-norm statistics (which the loop
 * puts back) and what it leaves for {@link #afterUpdate} (which the next call overwrites); queues and
 * target networks change after the update. Every array a method creates during a step should live in
 * {@link TrainingStep#manager()} (or be closed), so that memory stays flat.
 *
 * <p>Lifecycle: {@link #build} once, before the first step and before a checkpoint is restored; then
 * {@link #blocks()} and {@link #buffers()} must keep returning the same objects (the loop trains the
 * parameters of every block that require gradients and checkpoints everything, restoring in place).
 */
public interface SslMethod {

    /**
     * Creates and initialises the method's blocks (projector, predictor, prototypes, classifier, target
     * copies of the encoder and heads) and buffers (queues, centres), in {@link MethodSetup#manager()}.
     */
    void build(MethodSetup setup);

    /**
     * Every block the method owns, by a stable name used as the checkpoint key. Blocks whose
     * parameters require gradients are trained with the encoder; frozen ones (targets) are only saved.
     */
    Map<String, Block> blocks();

    /** Arrays beyond block parameters that a checkpoint must hold (queue, queue pointer, centre), by stable name. */
    default Map<String, NDArray> buffers() {
        return Map.of();
    }

    /** How many augmented views a step needs: 2 for joint-embedding methods, 1 for supervised and predictive ones. */
    default int views() {
        return 2;
    }

    /**
     * Smaller crops beside the {@link #views()} global ones, delivered in {@link Views#localViews()}
     * (DINO's multi-crop). Read after {@link #build}; none by default.
     */
    default LocalViews localViews() {
        return LocalViews.NONE;
    }

    /** Whether the method trains at all ({@code random-init} does not: it is evaluated at initialisation). */
    default boolean trains() {
        return true;
    }

    /**
     * Whether the probes evaluate the encoder's features and the run's product is that encoder. Only
     * {@code raw-pixels} says no: its features are the normalised pixels, and the encoder built from the
     * spec's backbone is never used, so it is neither evaluated nor saved.
     */
    default boolean evaluatesEncoder() {
        return true;
    }

    /** Before the forward pass, recording off: e.g. normalise prototypes in place. */
    default void beforeForward(TrainingStep step) {
    }

    /**
     * The scalar loss of one step, computed from the encoder ({@link TrainingStep#encoder()}) and the
     * method's blocks; recorded for gradients. Use {@code stopGradient()} where the method needs it.
     */
    NDArray loss(TrainingStep step, Views views);

    /** After backward, before the optimizer update: e.g. zero the prototypes' gradients while they are frozen. */
    default void beforeUpdate(TrainingStep step) {
    }

    /** After the optimizer update: EMA of target networks, queue and centre updates. */
    default void afterUpdate(TrainingStep step) {
    }
}

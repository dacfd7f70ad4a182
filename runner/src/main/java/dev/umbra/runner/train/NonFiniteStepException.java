package dev.umbra.runner.train;

/** Every pass of one step gave a non-finite loss or non-finite gradients: the run diverged. */
public final class NonFiniteStepException extends IllegalStateException {

    NonFiniteStepException(int passes) {
        super("the loss or its gradients were not finite in " + passes + " passes of one step");
    }
}

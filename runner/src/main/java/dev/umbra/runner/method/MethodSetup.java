package dev.umbra.runner.method;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.umbra.client.spec.Params;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.runner.nn.Encoder;
import dev.umbra.runner.nn.Networks;

/**
 * What a method needs to build itself.
 *
 * @param spec          the resolved run spec
 * @param encoder       the online encoder, already initialised
 * @param imageShape    one input image, {@code [C, H, W]}
 * @param numClasses    classes in the dataset (for {@code supervised})
 * @param stepsPerEpoch optimizer steps in one epoch
 * @param manager       the long-lived manager that holds every parameter and buffer of the run
 */
public record MethodSetup(RunSpec spec, Encoder encoder, Shape imageShape, int numClasses, int stepsPerEpoch,
                          NDManager manager, Device device) {

    /** The method's parameters from the spec, every default filled in. */
    public Params params() {
        return spec.method().params();
    }

    /** Optimizer steps over the whole run (for momentum and temperature schedules). */
    public long totalSteps() {
        return (long) stepsPerEpoch * spec.epochs();
    }

    /** The shape of a batch of {@code batch} images, e.g. to initialise a block that takes images. */
    public Shape batchShape(int batch) {
        return new Shape(batch).addAll(imageShape);
    }

    /** Initialises a head that takes the encoder's features ({@code [B, featureDim]}). */
    public <B extends Block> B initializeOnFeatures(B head) {
        return Networks.initialize(head, manager, new Shape(2, encoder.featureDim()));
    }

    /** Initialises a block for inputs of {@code inputShape} (batch axis included). */
    public <B extends Block> B initialize(B block, Shape inputShape) {
        return Networks.initialize(block, manager, inputShape);
    }

    /** A frozen copy of the online encoder: the start of a target or momentum encoder. */
    public Encoder frozenEncoderCopy() {
        return Networks.frozenCopy(encoder.newInstance(), encoder, manager, batchShape(2));
    }
}

package dev.umbra.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * A parameter the optimizer updates.
 *
 * @param name    stable name (checkpoint key of its optimizer state)
 * @param decayed whether weight decay (and LARS adaptation) applies; biases and normalisation
 *                parameters are excluded when the spec says so
 */
public record TrainableParameter(String name, Parameter parameter, boolean decayed) {

    public NDArray array() {
        return parameter.getArray();
    }

    /** Biases and norm scales/shifts are the one-dimensional parameters. */
    public static boolean isBiasOrNorm(Parameter parameter) {
        return parameter.getArray().getShape().dimension() <= 1;
    }
}

package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.Map;

/**
 * The raw-pixels baseline: no encoder at all. The probes read each image flattened, normalised as the
 * encoders' inputs are; their own per-dimension standardisation then applies as for any features. A
 * method that does not beat this has learned nothing a linear model or kNN could not read off the pixels.
 */
public final class RawPixels implements SslMethod {

    @Override
    public void build(MethodSetup setup) {
        // Nothing to build: the features are the input.
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of();
    }

    @Override
    public boolean trains() {
        return false;
    }

    @Override
    public boolean evaluatesEncoder() {
        return false;
    }

    @Override
    public NDArray loss(TrainingStep step, Views views) {
        throw new UnsupportedOperationException("raw-pixels does not train");
    }
}

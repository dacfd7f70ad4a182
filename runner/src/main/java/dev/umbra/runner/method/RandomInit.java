package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.Map;

/** The random-init baseline: the encoder at its seeded initialisation, never trained. */
public final class RandomInit implements SslMethod {

    @Override
    public void build(MethodSetup setup) {
        // Nothing to add: the encoder is the whole model.
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
    public NDArray loss(TrainingStep step, Views views) {
        throw new UnsupportedOperationException("random-init does not train");
    }
}

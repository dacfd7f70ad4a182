package dev.umbra.runner.train;

import dev.umbra.client.spec.RunSpec.OptimizerSpec;
import java.util.List;

/** Builds the optimizer a spec names. */
public final class Optimizers {

    private Optimizers() {
    }

    public static Optimizer create(OptimizerSpec spec, List<TrainableParameter> parameters) {
        return switch (spec.name()) {
            case SGD -> new Sgd(parameters, spec.momentum(), spec.weightDecay());
            case LARS -> new Lars(parameters, spec.momentum(), spec.weightDecay(), spec.larsEta());
            case ADAM -> new Adam(parameters, spec.beta1(), spec.beta2(), spec.weightDecay(), false);
            case ADAMW -> new Adam(parameters, spec.beta1(), spec.beta2(), spec.weightDecay(), true);
        };
    }
}

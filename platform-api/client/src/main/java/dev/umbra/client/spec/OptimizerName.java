package dev.umbra.client.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Optimizers of the shared training loop. */
public enum OptimizerName {
    SGD("sgd"),
    ADAM("adam"),
    ADAMW("adamw"),
    /** You et al. 2017: SGD with a layer-wise trust ratio; biases and norms excluded from adaptation. */
    LARS("lars");

    private final String id;

    OptimizerName(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<OptimizerName> fromId(String id) {
        return Arrays.stream(values()).filter(o -> o.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(OptimizerName::id).toList();
    }
}

package dev.umbra.runner.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Iterator;

/** Operations on whole networks: initialisation, parameter copies, target (EMA) networks. */
public final class Networks {

    private Networks() {
    }

    /** Initialises {@code block}'s parameters in {@code manager} for inputs of {@code inputShape} (batch axis included). */
    public static <B extends Block> B initialize(B block, NDManager manager, Shape inputShape) {
        block.initialize(manager, DataType.FLOAT32, inputShape);
        return block;
    }

    /**
     * Makes {@code fresh} (a new, uninitialised instance of {@code source}'s architecture) a frozen copy
     * of {@code source}: same parameter values and batch-norm statistics, no gradients. Target and
     * momentum networks start like this and then follow the online network by {@link #emaUpdate}.
     */
    public static <B extends Block> B frozenCopy(B fresh, Block source, NDManager manager, Shape inputShape) {
        initialize(fresh, manager, inputShape);
        copyParameters(source, fresh);
        fresh.freezeParameters(true);
        return fresh;
    }

    /** Copies every parameter array (running statistics included) of {@code from} into {@code to}, in place. */
    public static void copyParameters(Block from, Block to) {
        Iterator<Pair<String, Parameter>> target = to.getParameters().iterator();
        for (Pair<String, Parameter> source : from.getParameters()) {
            Pair<String, Parameter> dest = target.next();
            if (!source.getKey().equals(dest.getKey())) {
                throw new IllegalArgumentException("architectures differ at parameter " + source.getKey()
                        + " vs " + dest.getKey());
            }
            source.getValue().getArray().copyTo(dest.getValue().getArray());
        }
        if (target.hasNext()) {
            throw new IllegalArgumentException("architectures differ: the target has more parameters");
        }
    }

    /**
     * {@code target = momentum * target + (1 - momentum) * online} over the learned parameters (weights,
     * biases, affine norms); batch-norm running statistics stay the target's own, as in BYOL and MoCo.
     * Must run with gradient recording off (outside the step's gradient collector).
     */
    public static void emaUpdate(Block target, Block online, double momentum) {
        Iterator<Pair<String, Parameter>> targets = target.getParameters().iterator();
        for (Pair<String, Parameter> source : online.getParameters()) {
            Parameter dest = targets.next().getValue();
            if (!isLearned(source.getValue())) {
                continue;
            }
            NDArray t = dest.getArray();
            try (NDArray scaled = source.getValue().getArray().mul(1 - momentum)) {
                t.muli(momentum).addi(scaled);
            }
        }
    }

    /** Weights, biases and affine norm parameters, as opposed to running statistics. */
    public static boolean isLearned(Parameter parameter) {
        return parameter.getType() != Parameter.Type.RUNNING_MEAN && parameter.getType() != Parameter.Type.RUNNING_VAR;
    }

    /** Number of learned scalars in {@code block} (running statistics not counted). */
    public static long parameterCount(Block block) {
        long count = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (isLearned(p.getValue())) {
                count += p.getValue().getArray().size();
            }
        }
        return count;
    }
}

package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A target network that follows an online network by exponential moving average (the momentum
 * encoder of MoCo, the target of BYOL, the teacher of DINO).
 *
 * <p>Both blocks must have been built the same way and initialised. The target's parameters are
 * frozen: it never receives gradients. Only the online parameters that learn by gradient are
 * averaged; batch-norm running statistics of the target are left to its own forward passes in
 * training mode, as in the reference implementations (which average {@code parameters()}, not
 * buffers).
 */
public final class EmaTarget {

    // Parameters, not their arrays: loading a checkpoint replaces a parameter's array.
    private final List<Parameter> online = new ArrayList<>();
    private final List<Parameter> target = new ArrayList<>();

    /**
     * Pairs the parameters, freezes the target and copies the online values into it.
     *
     * @throws IllegalArgumentException when the two blocks do not have the same parameters
     */
    public EmaTarget(Block onlineBlock, Block targetBlock) {
        PairList<String, Parameter> onlineParams = onlineBlock.getParameters();
        PairList<String, Parameter> targetParams = targetBlock.getParameters();
        if (onlineParams.size() != targetParams.size()) {
            throw new IllegalArgumentException("online and target networks differ: " + onlineParams.size()
                    + " vs " + targetParams.size() + " parameters");
        }
        targetBlock.freezeParameters(true);
        for (int i = 0; i < onlineParams.size(); i++) {
            Pair<String, Parameter> o = onlineParams.get(i);
            Pair<String, Parameter> t = targetParams.get(i);
            if (!o.getKey().equals(t.getKey()) || !o.getValue().getShape().equals(t.getValue().getShape())) {
                throw new IllegalArgumentException("online parameter " + o.getKey() + " " + o.getValue().getShape()
                        + " does not match target parameter " + t.getKey() + " " + t.getValue().getShape());
            }
            if (o.getValue().requiresGradient()) {
                online.add(o.getValue());
                target.add(t.getValue());
            }
        }
        copyOnline();
    }

    /** Sets every averaged target parameter to the online value (the start of training). */
    public void copyOnline() {
        for (int i = 0; i < online.size(); i++) {
            online.get(i).getArray().copyTo(target.get(i).getArray());
        }
    }

    /** {@code target = momentum * target + (1 - momentum) * online}, in place. */
    public void update(double momentum) {
        for (int i = 0; i < online.size(); i++) {
            try (NDArray contribution = online.get(i).getArray().mul(1 - momentum)) {
                target.get(i).getArray().muli(momentum).addi(contribution);
            }
        }
    }
}

package dev.umbra.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared loop's optimizers, written on NDArrays (rather than DJL's) so that every piece of state
 * is a named array a checkpoint holds, and so that the update rules are PyTorch's. Updates run with
 * gradient recording off.
 */
public abstract class Optimizer {

    protected final List<TrainableParameter> parameters;
    private final Map<String, NDArray> state = new LinkedHashMap<>();

    protected Optimizer(List<TrainableParameter> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    /**
     * Updates every parameter from its gradient, then zeroes the gradients.
     *
     * @param lr     learning rate of this step
     * @param update 1-based count of updates including this one (Adam's bias correction)
     */
    public final void step(double lr, long update) {
        for (int i = 0; i < parameters.size(); i++) {
            TrainableParameter p = parameters.get(i);
            NDArray weight = p.array();
            // The scope closes the gradient handle and every temporary, which would otherwise live as long
            // as the parameter's manager.
            try (NDScope scope = new NDScope()) {
                update(i, p, weight, weight.getGradient(), lr, update);
            }
            JniUtils.zeroGrad((PtNDArray) weight);
        }
    }

    /** Whether every gradient is finite: one sum over all of them, which a NaN or infinity anywhere makes non-finite. */
    boolean gradientsFinite() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray total = null;
            for (TrainableParameter p : parameters) {
                NDArray sum = p.array().getGradient().sum();
                total = total == null ? sum : total.add(sum);
            }
            return total == null || Float.isFinite(total.getFloat());
        }
    }

    void zeroGradients() {
        for (TrainableParameter p : parameters) {
            JniUtils.zeroGrad((PtNDArray) p.array());
        }
    }

    /** One parameter's update; {@code grad} must not be modified (it is the parameter's accumulator). */
    protected abstract void update(int index, TrainableParameter p, NDArray weight, NDArray grad, double lr,
                                   long update);

    /** Every state array by a stable name, for checkpoints; restored in place. */
    public final Map<String, NDArray> state() {
        return state;
    }

    /** Creates one zero state array per parameter, named {@code <slot>/<parameter name>}. */
    protected final NDArray[] zerosPerParameter(String slot) {
        NDArray[] arrays = new NDArray[parameters.size()];
        for (int i = 0; i < arrays.length; i++) {
            NDArray w = parameters.get(i).array();
            arrays[i] = w.getManager().zeros(w.getShape(), w.getDataType());
            state.put(slot + "/" + parameters.get(i).name(), arrays[i]);
        }
        return arrays;
    }
}

package dev.umbra.runner.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** SGD with momentum, PyTorch's rule: {@code g += wd·w; buf = m·buf + g; w -= lr·buf} (no dampening, no Nesterov). */
final class Sgd extends Optimizer {

    private final double momentum;
    private final double weightDecay;
    private final NDArray[] buffers;

    Sgd(List<TrainableParameter> parameters, double momentum, double weightDecay) {
        super(parameters);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.buffers = zerosPerParameter("momentum");
    }

    @Override
    protected void update(int index, TrainableParameter p, NDArray weight, NDArray grad, double lr, long update) {
        NDArray g = p.decayed() && weightDecay > 0 ? grad.add(weight.mul(weightDecay)) : grad;
        buffers[index].muli(momentum).addi(g);
        weight.subi(buffers[index].mul(lr));
    }
}

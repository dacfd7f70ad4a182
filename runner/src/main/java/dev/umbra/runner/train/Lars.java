package dev.umbra.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import java.util.List;

/**
 * LARS (You et al. 2017) as solo-learn applies it: for a decayed parameter, {@code g += wd·w}, then
 * {@code g *= eta·‖w‖/‖g‖} (1 where either norm is 0); then SGD momentum {@code buf = m·buf + g;
 * w -= lr·buf}. Excluded parameters (biases, norms) get plain momentum SGD without decay.
 */
final class Lars extends Optimizer {

    private final double momentum;
    private final double weightDecay;
    private final double eta;
    private final NDArray[] buffers;

    Lars(List<TrainableParameter> parameters, double momentum, double weightDecay, double eta) {
        super(parameters);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.eta = eta;
        this.buffers = zerosPerParameter("momentum");
    }

    @Override
    protected void update(int index, TrainableParameter p, NDArray weight, NDArray grad, double lr, long update) {
        NDArray g = grad;
        if (p.decayed()) {
            g = weightDecay > 0 ? grad.add(weight.mul(weightDecay)) : grad.duplicate();
            NDArray weightNorm = weight.norm();
            NDArray gradNorm = g.norm();
            NDArray ratio = weightNorm.mul((float) eta).div(gradNorm); // a double would promote the 0-dim norms to float64
            NDArray usable = weightNorm.gt(0f).logicalAnd(gradNorm.gt(0f));
            g.muli(NDArrays.where(usable, ratio, ratio.onesLike()));
        }
        buffers[index].muli(momentum).addi(g);
        weight.subi(buffers[index].mul(lr));
    }
}

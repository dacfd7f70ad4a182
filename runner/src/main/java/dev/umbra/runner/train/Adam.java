package dev.umbra.runner.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015) and AdamW (Loshchilov and Hutter 2019), PyTorch's rules. Adam adds
 * {@code wd·w} to the gradient; AdamW shrinks the weight by {@code lr·wd} instead. Then
 * {@code m = b1·m + (1-b1)·g; v = b2·v + (1-b2)·g²; w -= lr·(m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)}.
 */
final class Adam extends Optimizer {

    private static final double EPSILON = 1e-8;

    private final double beta1;
    private final double beta2;
    private final double weightDecay;
    private final boolean decoupled;
    private final NDArray[] firstMoments;
    private final NDArray[] secondMoments;

    Adam(List<TrainableParameter> parameters, double beta1, double beta2, double weightDecay, boolean decoupled) {
        super(parameters);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.firstMoments = zerosPerParameter("exp_avg");
        this.secondMoments = zerosPerParameter("exp_avg_sq");
    }

    @Override
    protected void update(int index, TrainableParameter p, NDArray weight, NDArray grad, double lr, long update) {
        boolean decay = p.decayed() && weightDecay > 0;
        NDArray g = grad;
        if (decay && decoupled) {
            weight.muli(1 - lr * weightDecay);
        } else if (decay) {
            g = grad.add(weight.mul(weightDecay));
        }
        NDArray m = firstMoments[index].muli(beta1).addi(g.mul(1 - beta1));
        NDArray v = secondMoments[index].muli(beta2).addi(g.square().muli(1 - beta2));
        double correction1 = 1 - Math.pow(beta1, update);
        double correction2 = 1 - Math.pow(beta2, update);
        NDArray denominator = v.sqrt().divi(Math.sqrt(correction2)).addi(EPSILON);
        weight.subi(m.div(denominator).muli(lr / correction1));
    }
}

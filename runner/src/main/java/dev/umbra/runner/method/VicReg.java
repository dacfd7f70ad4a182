package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import dev.umbra.client.spec.Params;
import dev.umbra.runner.loss.VicRegLoss;
import dev.umbra.runner.nn.MlpHead;
import java.util.Map;

/**
 * VICReg (Bardes et al. 2022): an expander (two hidden Linear-BN-ReLU layers and a last Linear, as
 * in the paper and solo-learn) shared by both views; invariance, variance and covariance terms.
 */
public final class VicReg implements SslMethod {

    private Block projector;
    private double simCoeff;
    private double varCoeff;
    private double covCoeff;

    @Override
    public void build(MethodSetup setup) {
        Params p = setup.params();
        simCoeff = p.getDouble("sim_coeff");
        varCoeff = p.getDouble("var_coeff");
        covCoeff = p.getDouble("cov_coeff");
        int hidden = p.getInt("proj_hidden_dim");
        projector = setup.initializeOnFeatures(MlpHead.builder()
                .addHidden(hidden).addHidden(hidden).setOutput(p.getInt("proj_output_dim")).build());
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of("projector", projector);
    }

    @Override
    public NDArray loss(TrainingStep step, Views views) {
        NDArray z1 = step.forward(projector, step.encode(views.view1()));
        NDArray z2 = step.forward(projector, step.encode(views.view2()));
        return VicRegLoss.loss(z1, z2, simCoeff, varCoeff, covCoeff).total();
    }
}

package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import dev.umbra.client.spec.Params;
import dev.umbra.runner.loss.BarlowTwinsLoss;
import dev.umbra.runner.nn.MlpHead;
import java.util.Map;

/**
 * Barlow Twins (Zbontar et al. 2021): a projector (two hidden Linear-BN-ReLU layers and a last
 * Linear, as in the paper and solo-learn) shared by both views; the loss drives the cross-correlation
 * of the batch-standardised projections towards the identity.
 */
public final class BarlowTwins implements SslMethod {

    private Block projector;
    private double lambda;
    private double scale;

    @Override
    public void build(MethodSetup setup) {
        Params p = setup.params();
        lambda = p.getDouble("lambda");
        scale = p.getDouble("scale_loss");
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
        return BarlowTwinsLoss.loss(z1, z2, lambda, scale).total();
    }
}

package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import dev.umbra.client.spec.Params;
import dev.umbra.runner.loss.NtXentLoss;
import dev.umbra.runner.nn.MlpHead;
import java.util.Map;

/**
 * SimCLR (Chen et al. 2020): a 2-layer projector (Linear-BN-ReLU-Linear, as in SimCLR v2 and
 * solo-learn) and NT-Xent between the two views' projections.
 */
public final class SimClr implements SslMethod {

    private Block projector;
    private double temperature;

    @Override
    public void build(MethodSetup setup) {
        Params p = setup.params();
        temperature = p.getDouble("temperature");
        projector = setup.initializeOnFeatures(MlpHead.builder()
                .addHidden(p.getInt("proj_hidden_dim"))
                .setOutput(p.getInt("proj_output_dim"))
                .build());
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of("projector", projector);
    }

    @Override
    public NDArray loss(TrainingStep step, Views views) {
        NDArray z1 = step.forward(projector, step.encode(views.view1()));
        NDArray z2 = step.forward(projector, step.encode(views.view2()));
        return NtXentLoss.compute(z1, z2, temperature);
    }
}

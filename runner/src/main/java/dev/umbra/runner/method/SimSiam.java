package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.umbra.client.spec.Params;
import dev.umbra.runner.loss.NegativeCosineLoss;
import dev.umbra.runner.nn.MlpHead;
import java.util.Map;

/**
 * SimSiam (Chen and He 2021): one encoder + projector for both views, a bottleneck predictor, and
 * stop-gradient on the projection being predicted; no target network, no negatives.
 *
 * <p>Projector as in the authors' CIFAR code: two hidden Linear-BN-ReLU layers, a last Linear and a
 * batch norm without affine parameters. Loss: {@code D(p1, z2) / 2 + D(p2, z1) / 2}, D the negative
 * cosine (-1 when the views agree).
 */
public final class SimSiam implements SslMethod {

    private Block projector;
    private Block predictor;

    @Override
    public void build(MethodSetup setup) {
        Params p = setup.params();
        int hidden = p.getInt("proj_hidden_dim");
        int out = p.getInt("proj_output_dim");
        projector = setup.initializeOnFeatures(MlpHead.builder()
                .addHidden(hidden).addHidden(hidden).setOutput(out).optLastBatchNorm(true, false).build());
        predictor = setup.initialize(MlpHead.builder().addHidden(p.getInt("pred_hidden_dim")).setOutput(out).build(),
                new Shape(2, out));
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of("projector", projector, "predictor", predictor);
    }

    @Override
    public NDArray loss(TrainingStep step, Views views) {
        NDArray z1 = step.forward(projector, step.encode(views.view1()));
        NDArray z2 = step.forward(projector, step.encode(views.view2()));
        NDArray p1 = step.forward(predictor, z1);
        NDArray p2 = step.forward(predictor, z2);
        return NegativeCosineLoss.negativeCosine(p1, z2).add(NegativeCosineLoss.negativeCosine(p2, z1)).div(2);
    }
}

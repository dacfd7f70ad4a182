package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.umbra.client.spec.Params;
import dev.umbra.runner.loss.NegativeCosineLoss;
import dev.umbra.runner.nn.Encoder;
import dev.umbra.runner.nn.MlpHead;
import dev.umbra.runner.nn.Networks;
import java.util.Map;
import java.util.function.Supplier;

/**
 * BYOL (Grill et al. 2020): an online encoder + projector + predictor regresses the projection of
 * the other view by a target encoder + projector, which follows the online one by EMA with a cosine
 * momentum schedule. Loss: the symmetrised normalised squared error (0 when the views agree).
 */
public final class Byol implements SslMethod {

    private Block projector;
    private Block predictor;
    private Encoder targetEncoder;
    private Block targetProjector;
    private MomentumSchedule momentum;

    @Override
    public void build(MethodSetup setup) {
        Params p = setup.params();
        int out = p.getInt("proj_output_dim");
        Supplier<Block> newProjector = () -> MlpHead.builder()
                .addHidden(p.getInt("proj_hidden_dim")).setOutput(out).build();
        projector = setup.initializeOnFeatures(newProjector.get());
        predictor = setup.initialize(MlpHead.builder().addHidden(p.getInt("pred_hidden_dim")).setOutput(out).build(),
                new Shape(2, out));
        targetEncoder = setup.frozenEncoderCopy();
        targetProjector = Networks.frozenCopy(newProjector.get(), projector, setup.manager(),
                new Shape(2, setup.encoder().featureDim()));
        momentum = MomentumSchedule.of(p);
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of("projector", projector, "predictor", predictor,
                "target_encoder", targetEncoder, "target_projector", targetProjector);
    }

    @Override
    public NDArray loss(TrainingStep step, Views views) {
        NDArray p1 = step.forward(predictor, step.forward(projector, step.encode(views.view1())));
        NDArray p2 = step.forward(predictor, step.forward(projector, step.encode(views.view2())));
        NDArray z1 = step.forward(targetProjector, step.forward(targetEncoder, views.view1()));
        NDArray z2 = step.forward(targetProjector, step.forward(targetEncoder, views.view2()));
        return NegativeCosineLoss.normalizedSquaredError(p1, z2).add(NegativeCosineLoss.normalizedSquaredError(p2, z1));
    }

    @Override
    public void afterUpdate(TrainingStep step) {
        double m = momentum.at(step);
        Networks.emaUpdate(targetEncoder, step.encoder(), m);
        Networks.emaUpdate(targetProjector, projector, m);
    }
}

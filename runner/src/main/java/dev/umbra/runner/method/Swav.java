package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.umbra.client.spec.Params;
import dev.umbra.runner.loss.SwavLoss;
import dev.umbra.runner.nn.Layers;
import dev.umbra.runner.nn.MlpHead;
import java.util.Map;

/**
 * SwAV (Caron et al. 2020): L2-normalised projections are scored against learnable prototypes;
 * Sinkhorn-Knopp turns each view's scores into equal-partition codes, which the other view's scores
 * must predict.
 *
 * <p>The prototypes (a Linear without bias, one unit-norm row per prototype) are re-normalised before
 * every step and receive no gradient during the first {@code freeze_prototypes_epochs} epochs, which
 * keeps training from collapsing onto a few prototypes early on. No queue of past projections: the
 * default 100 prototypes fit within a batch of 256 (the paper adds a queue only when K > B).
 */
public final class Swav implements SslMethod {

    private Block projector;
    private Block prototypes;
    private double temperature;
    private int sinkhornIterations;
    private double sinkhornEpsilon;
    private int freezePrototypesEpochs;

    @Override
    public void build(MethodSetup setup) {
        Params p = setup.params();
        temperature = p.getDouble("temperature");
        sinkhornIterations = p.getInt("sinkhorn_iterations");
        sinkhornEpsilon = p.getDouble("sinkhorn_epsilon");
        freezePrototypesEpochs = p.getInt("freeze_prototypes_epochs");
        int out = p.getInt("proj_output_dim");
        projector = setup.initializeOnFeatures(MlpHead.builder()
                .addHidden(p.getInt("proj_hidden_dim")).setOutput(out).build());
        prototypes = setup.initialize(Layers.linear(p.getInt("num_prototypes"), false), new Shape(2, out));
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of("projector", projector, "prototypes", prototypes);
    }

    @Override
    public void beforeForward(TrainingStep step) {
        NDArray w = prototypeWeights().getArray();
        w.normalize(2, 1).copyTo(w);
    }

    @Override
    public NDArray loss(TrainingStep step, Views views) {
        NDArray w = step.parameterStore().getValue(prototypeWeights(), views.view1().getDevice(), true);
        if (step.epoch() < freezePrototypesEpochs) {
            w = w.stopGradient();
        }
        NDArray s1 = scores(step, views.view1(), w);
        NDArray s2 = scores(step, views.view2(), w);
        NDArray q1 = SwavLoss.sinkhorn(s1, sinkhornIterations, sinkhornEpsilon);
        NDArray q2 = SwavLoss.sinkhorn(s2, sinkhornIterations, sinkhornEpsilon);
        return SwavLoss.swappedPrediction(s1, s2, q1, q2, temperature);
    }

    /** Cosine similarities of a view's projections to the prototypes, {@code [B, K]}. */
    private NDArray scores(TrainingStep step, NDArray view, NDArray weights) {
        NDArray z = step.forward(projector, step.encode(view)).normalize(2, 1);
        return z.matMul(weights.transpose());
    }

    private Parameter prototypeWeights() {
        return prototypes.getParameters().valueAt(0);
    }
}

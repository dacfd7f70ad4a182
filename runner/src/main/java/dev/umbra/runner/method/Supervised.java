package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import dev.umbra.runner.loss.CrossEntropyLoss;
import dev.umbra.runner.nn.Layers;
import java.util.Map;

/** The supervised baseline: a linear classifier on the encoder's features, cross-entropy on the labels of one view. */
public final class Supervised implements SslMethod {

    private Block classifier;
    private double labelSmoothing;

    @Override
    public void build(MethodSetup setup) {
        labelSmoothing = setup.params().getDouble("label_smoothing");
        classifier = setup.initializeOnFeatures(Layers.linear(setup.numClasses(), true));
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of("classifier", classifier);
    }

    @Override
    public int views() {
        return 1;
    }

    @Override
    public NDArray loss(TrainingStep step, Views views) {
        NDArray logits = step.forward(classifier, step.encode(views.view1()));
        return CrossEntropyLoss.compute(logits, views.labels(), labelSmoothing);
    }
}

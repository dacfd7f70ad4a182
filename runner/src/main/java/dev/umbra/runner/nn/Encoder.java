package dev.umbra.runner.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.umbra.client.spec.Backbone;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A backbone: a trunk that maps {@code [N, C, H, W]} images to a feature map {@code [N, featureDim, h, w]},
 * then global average pooling to {@code [N, featureDim]} features. Its forward pass gives the pooled
 * features (what every probe evaluates); {@link #featureMap} exposes the trunk's output for methods
 * that decode pixels from it (the predictive ones).
 *
 * <p>The trunk is convolutional, or a {@link VisionTransformer} whose tokens are laid back on their grid
 * (so pooling is the mean of the final tokens); {@link #transformer} gives such a trunk to methods that
 * work on tokens (MAE encodes only the visible ones).
 */
public final class Encoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Backbone backbone;
    private final int featureDim;
    private final Supplier<Block> trunkFactory;
    private final Block trunk;

    Encoder(Backbone backbone, int featureDim, Supplier<Block> trunkFactory) {
        super(VERSION);
        this.backbone = backbone;
        this.featureDim = featureDim;
        this.trunkFactory = trunkFactory;
        this.trunk = addChildBlock("trunk", trunkFactory.get());
    }

    public Backbone backbone() {
        return backbone;
    }

    /** The trunk as a vision transformer, when it is one (for methods that feed it tokens). */
    public Optional<VisionTransformer> transformer() {
        return trunk instanceof VisionTransformer vit ? Optional.of(vit) : Optional.empty();
    }

    /** Width of the pooled features (the probe's input). */
    public int featureDim() {
        return featureDim;
    }

    /** A fresh, uninitialised encoder of the same architecture (for target and momentum networks). */
    public Encoder newInstance() {
        return new Encoder(backbone, featureDim, trunkFactory);
    }

    /** The trunk's output before pooling, {@code [N, featureDim, h, w]}. */
    public NDArray featureMap(ParameterStore parameterStore, NDArray images, boolean training) {
        return trunk.forward(parameterStore, new NDList(images), training).singletonOrThrow();
    }

    /** Shape of {@link #featureMap} for one input of shape {@code [C, H, W]}, batch axis included. */
    public Shape featureMapShape(Shape imageShape) {
        return trunk.getOutputShapes(new Shape[] {new Shape(1).addAll(imageShape)})[0];
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray map = featureMap(parameterStore, inputs.singletonOrThrow(), training);
        Shape shape = map.getShape();
        // Global average pooling; PyTorch's engine reduces one axis per mean.
        return new NDList(map.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), featureDim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        trunk.initialize(manager, dataType, inputShapes);
    }
}

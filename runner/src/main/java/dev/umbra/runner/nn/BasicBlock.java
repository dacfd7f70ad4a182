package dev.umbra.runner.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** ResNet's basic block: two 3x3 conv-BN, plus the input (projected by a 1x1 conv-BN where shapes change), then ReLU. */
final class BasicBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block residual;
    private final Block shortcut;

    BasicBlock(int filters, int stride, boolean project) {
        super(VERSION);
        residual = addChildBlock("residual", new SequentialBlock()
                .add(Layers.conv(filters, 3, stride))
                .add(Layers.batchNorm(true))
                .add(Activation.reluBlock())
                .add(Layers.conv(filters, 3, 1))
                .add(Layers.batchNorm(true)));
        shortcut = project
                ? addChildBlock("shortcut", new SequentialBlock().add(Layers.conv(filters, 1, stride)).add(Layers.batchNorm(true)))
                : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray out = residual.forward(parameterStore, inputs, training).singletonOrThrow();
        NDArray skip = shortcut == null ? x : shortcut.forward(parameterStore, inputs, training).singletonOrThrow();
        return new NDList(Activation.relu(out.addi(skip)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return residual.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        residual.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }
}

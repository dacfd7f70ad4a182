package dev.umbra.runner.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A pre-norm transformer block on tokens {@code [N, T, D]}, as in ViT and MAE:
 * {@code x + attn(LN(x))}, then {@code x + mlp(LN(x))} with an MLP of {@code mlpRatio * D} hidden
 * units and GELU. No dropout, no drop-path (neither MAE's pre-training nor a tiny CPU model uses them).
 */
public final class TransformerBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final LayerNorm norm1;
    private final SelfAttention attention;
    private final LayerNorm norm2;
    private final Linear fc1;
    private final Linear fc2;

    public TransformerBlock(int width, int heads, int mlpRatio) {
        super(VERSION);
        norm1 = addChildBlock("norm1", Transformers.layerNorm());
        attention = addChildBlock("attn", new SelfAttention(width, heads));
        norm2 = addChildBlock("norm2", Transformers.layerNorm());
        fc1 = addChildBlock("fc1", Transformers.linear(mlpRatio * width));
        fc2 = addChildBlock("fc2", Transformers.linear(width));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        x = x.add(run(attention, parameterStore, run(norm1, parameterStore, x, training), training));
        NDArray hidden = Activation.gelu(run(fc1, parameterStore, run(norm2, parameterStore, x, training), training));
        return new NDList(x.add(run(fc2, parameterStore, hidden, training)));
    }

    private static NDArray run(AbstractBlock block, ParameterStore parameterStore, NDArray x, boolean training) {
        return block.forward(parameterStore, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        norm1.initialize(manager, dataType, tokens);
        attention.initialize(manager, dataType, tokens);
        norm2.initialize(manager, dataType, tokens);
        fc1.initialize(manager, dataType, tokens);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(new Shape[] {tokens})[0]);
    }
}

package dev.umbra.runner.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head self-attention over tokens {@code [N, T, D]}: one fused q/k/v projection, softmax of
 * {@code q k^T / sqrt(d)} per head ({@code d = D / heads}), heads concatenated and projected back to D.
 * No dropout and no mask: every token attends to every other, as in ViT and MAE.
 */
public final class SelfAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int width;
    private final int heads;
    private final Linear qkv;
    private final Linear proj;

    public SelfAttention(int width, int heads) {
        super(VERSION);
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " is not a multiple of " + heads + " heads");
        }
        this.width = width;
        this.heads = heads;
        this.qkv = addChildBlock("qkv", Transformers.linear(3 * width));
        this.proj = addChildBlock("proj", Transformers.linear(width));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long n = x.getShape().get(0);
        long t = x.getShape().get(1);
        int headDim = width / heads;
        // [N, T, 3D] -> [3, N, heads, T, d]
        NDArray qkvs = qkv.forward(parameterStore, new NDList(x), training).singletonOrThrow()
                .reshape(n, t, 3, heads, headDim).transpose(2, 0, 3, 1, 4);
        NDArray q = qkvs.get(0);
        NDArray k = qkvs.get(1);
        NDArray v = qkvs.get(2);
        NDArray attention = q.matMul(k.transpose(0, 1, 3, 2)).mul((float) (1 / Math.sqrt(headDim))).softmax(-1);
        NDArray concatenated = attention.matMul(v).transpose(0, 2, 1, 3).reshape(n, t, width);
        return proj.forward(parameterStore, new NDList(concatenated), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        qkv.initialize(manager, dataType, inputShapes[0]);
        proj.initialize(manager, dataType, inputShapes[0]);
    }
}

package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.umbra.runner.nn.TransformerBlock;
import dev.umbra.runner.nn.Transformers;
import java.util.ArrayList;
import java.util.List;

/**
 * MAE's light transformer decoder (He et al. 2022, sec. 3): the encoded visible tokens are projected to
 * the decoder's width, laid back at their positions in the full grid with a shared learned mask token at
 * every masked position, given the decoder's own (fixed sine-cosine) position embeddings, and run through
 * a few pre-norm transformer blocks; a final LayerNorm and a linear layer predict the {@code p*p*C} pixels
 * of every patch, flattened as {@link dev.umbra.runner.loss.ReconstructionLoss#patchify} does.
 *
 * <p>Inputs: the encoded visible tokens {@code [N, K, D]}, the selection {@code [N, K, L]} (one-hot rows:
 * which patch each visible token is) and the mask {@code [N, L]} (1 = masked). Un-shuffling is the
 * selection's transpose, a matrix product, so gradients reach the encoder through it.
 */
final class MaeDecoder extends AbstractBlock {

    private static final byte VERSION = 1;

    /** MAE's decoder is 512 wide and 8 deep for ViT-B/L/H; for a 192-wide CPU encoder: 128 wide, 2 deep. */
    static final int WIDTH = 128;
    static final int DEPTH = 2;
    static final int HEADS = 4;
    static final int MLP_RATIO = 4;

    private final int rows;
    private final int cols;
    private final Linear embed;
    private final Parameter maskToken;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    private final Linear pred;

    /**
     * @param rows        patch rows of the images
     * @param cols        patch columns of the images
     * @param patchPixels {@code p * p * C}, the pixels of one patch
     */
    MaeDecoder(int rows, int cols, int patchPixels) {
        super(VERSION);
        this.rows = rows;
        this.cols = cols;
        embed = addChildBlock("embed", Transformers.linear(WIDTH));
        maskToken = addParameter(Parameter.builder().setName("mask_token").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, 1, WIDTH)).optInitializer(new NormalInitializer(0.02f)).build());
        for (int i = 0; i < DEPTH; i++) {
            blocks.add(addChildBlock("block" + i, new TransformerBlock(WIDTH, HEADS, MLP_RATIO)));
        }
        norm = addChildBlock("norm", Transformers.layerNorm());
        pred = addChildBlock("pred", Transformers.linear(patchPixels));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray latent = inputs.get(0);
        NDArray selection = inputs.get(1);
        NDArray mask = inputs.get(2);
        NDArray visible = embed.forward(parameterStore, new NDList(latent), training).singletonOrThrow();
        NDArray token = parameterStore.getValue(maskToken, latent.getDevice(), training);
        // [N, L, K] x [N, K, E]: each visible token back at its patch, zeros elsewhere; then the mask token there.
        NDArray x = selection.transpose(0, 2, 1).matMul(visible)
                .add(mask.expandDims(2).mul(token))
                .add(Transformers.positionEmbedding(latent.getManager(), WIDTH, rows, cols, rows, cols));
        for (TransformerBlock block : blocks) {
            x = block.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        }
        x = norm.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        return pred.forward(parameterStore, new NDList(x), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return pred.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), (long) rows * cols, WIDTH)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape latent = inputShapes[0];
        embed.initialize(manager, dataType, latent);
        Shape tokens = new Shape(latent.get(0), (long) rows * cols, WIDTH);
        for (TransformerBlock block : blocks) {
            block.initialize(manager, dataType, tokens);
        }
        norm.initialize(manager, dataType, tokens);
        pred.initialize(manager, dataType, tokens);
    }
}

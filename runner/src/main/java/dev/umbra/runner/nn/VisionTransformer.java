package dev.umbra.runner.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.umbra.runner.loss.ReconstructionLoss;
import java.util.ArrayList;
import java.util.List;

/**
 * A vision transformer trunk (Dosovitskiy et al. 2021, in MAE's pre-norm form): images {@code [N, C, H, W]}
 * are cut into {@code p x p} patches, each flattened (row, column, channel) and linearly embedded to D;
 * fixed 2-D sine-cosine position embeddings are added; pre-norm {@link TransformerBlock}s and a final
 * LayerNorm follow. There is no class token: the {@link Encoder} pools the mean of the final tokens.
 *
 * <p>As a trunk its output is the tokens laid back on their grid, {@code [N, D, H/p, W/p]}, so it fits
 * the {@link Encoder}'s feature-map contract (global average pooling = mean of the tokens; pixel decoders
 * read the map). MAE uses the two halves separately: {@link #embed} all patches, keep the visible tokens,
 * {@link #encodeTokens} only those.
 *
 * <p>Any input whose sides are multiples of {@code p} works: the position embeddings of a grid other than
 * the one the trunk was initialised for are those of the reference grid resampled to span the same extent
 * (see {@link Transformers#sinCos2d}); DINO's smaller local crops rely on this.
 */
public final class VisionTransformer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int patchSize;
    private final int width;
    private final Linear patchEmbed;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    private int refRows;
    private int refCols;

    /**
     * @param patchSize side of the square patches
     * @param width     token width D (a multiple of 4 for the sine-cosine embeddings, and of {@code heads})
     * @param depth     number of transformer blocks
     * @param heads     attention heads per block
     * @param mlpRatio  hidden units of each block's MLP, as a multiple of D
     */
    public VisionTransformer(int patchSize, int width, int depth, int heads, int mlpRatio) {
        super(VERSION);
        this.patchSize = patchSize;
        this.width = width;
        patchEmbed = addChildBlock("patch_embed", Transformers.linear(width));
        for (int i = 0; i < depth; i++) {
            blocks.add(addChildBlock("block" + i, new TransformerBlock(width, heads, mlpRatio)));
        }
        norm = addChildBlock("norm", Transformers.layerNorm());
    }

    public int patchSize() {
        return patchSize;
    }

    /** Token width D. */
    public int width() {
        return width;
    }

    /**
     * Patch tokens with their position embeddings, {@code [N, L, D]} for {@code L = (H/p)(W/p)} in row-major
     * order; recorded for gradients as any forward pass.
     */
    public NDArray embed(ParameterStore parameterStore, NDArray images, boolean training) {
        Shape shape = images.getShape();
        int rows = (int) (shape.get(2) / patchSize);
        int cols = (int) (shape.get(3) / patchSize);
        NDArray patches = ReconstructionLoss.patchify(images, patchSize);
        NDArray tokens = patchEmbed.forward(parameterStore, new NDList(patches), training).singletonOrThrow();
        return tokens.add(Transformers.positionEmbedding(images.getManager(), width, rows, cols, refRows, refCols));
    }

    /** Runs the transformer blocks and the final LayerNorm on any set of embedded tokens {@code [N, T, D]}. */
    public NDArray encodeTokens(ParameterStore parameterStore, NDArray tokens, boolean training) {
        NDArray x = tokens;
        for (TransformerBlock block : blocks) {
            x = block.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        }
        return norm.forward(parameterStore, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow();
        Shape shape = images.getShape();
        long rows = shape.get(2) / patchSize;
        long cols = shape.get(3) / patchSize;
        NDArray tokens = encodeTokens(parameterStore, embed(parameterStore, images, training), training);
        return new NDList(tokens.reshape(shape.get(0), rows, cols, width).transpose(0, 3, 1, 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), width, in.get(2) / patchSize, in.get(3) / patchSize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (in.get(2) % patchSize != 0 || in.get(3) % patchSize != 0) {
            throw new IllegalArgumentException("a vision transformer with " + patchSize + "x" + patchSize
                    + " patches needs image sides that are multiples of " + patchSize + ", got "
                    + in.get(2) + "x" + in.get(3));
        }
        refRows = (int) (in.get(2) / patchSize);
        refCols = (int) (in.get(3) / patchSize);
        long tokens = (long) refRows * refCols;
        patchEmbed.initialize(manager, dataType, new Shape(in.get(0), tokens, (long) patchSize * patchSize * in.get(1)));
        Shape tokenShape = new Shape(in.get(0), tokens, width);
        for (TransformerBlock block : blocks) {
            block.initialize(manager, dataType, tokenShape);
        }
        norm.initialize(manager, dataType, tokenShape);
    }
}

package dev.umbra.runner.nn;

/**
 * {@code vit-tiny}: ViT-Tiny's width (192) and heads (3) over 4x4 patches (7x7 tokens on 28x28 images,
 * 8x8 on 32x32), MLP ratio 4, but {@value #DEPTH} blocks instead of 12, so that it trains on a 2-core CPU
 * runner (docs/methods.md gives the measured throughput, docs/engine.md the design). Mean-pooled to 192 features.
 * Parameters: {@code p*p*C*D + D} for the patch embedding, {@code 12 D^2 + 13 D} per block, {@code 2 D} for the
 * final norm; 2,672,832 on gray and 2,678,976 on RGB images.
 */
final class VitTiny {

    static final int PATCH_SIZE = 4;
    static final int WIDTH = 192;
    static final int DEPTH = 6;
    static final int HEADS = 3;
    static final int MLP_RATIO = 4;

    private VitTiny() {
    }

    static VisionTransformer trunk() {
        return new VisionTransformer(PATCH_SIZE, WIDTH, DEPTH, HEADS, MLP_RATIO);
    }
}

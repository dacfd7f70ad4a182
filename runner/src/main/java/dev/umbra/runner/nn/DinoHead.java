package dev.umbra.runner.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * DINO's projection head up to the bottleneck (the reference's {@code DINOHead} without its last,
 * weight-normalised layer, which the method keeps as a separate prototypes block):
 * {@code Linear(in, hidden) - [BN] - GELU - Linear(hidden, hidden) - [BN] - GELU - Linear(hidden, bottleneck)},
 * Linear weights truncated-normal with std 0.02, biases zero, as in the reference.
 *
 * <p>Optionally a LayerNorm without affine parameters at the input ({@link Builder#optInputNorm}): the
 * reference reads a ViT's output, which its final LayerNorm has standardised; a convnet's pooled
 * features are non-negative with a large common component.
 */
public final class DinoHead {

    /** The reference's init std for the head's Linear weights. */
    public static final float INIT_STD = 0.02f;

    private DinoHead() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int hidden = 2048;
        private int bottleneck = 256;
        private boolean batchNorm;
        private boolean inputNorm;

        public Builder setHidden(int units) {
            this.hidden = units;
            return this;
        }

        public Builder setBottleneck(int units) {
            this.bottleneck = units;
            return this;
        }

        /** The reference's {@code use_bn_in_head}: a batch norm after each hidden Linear. */
        public Builder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
            return this;
        }

        /** A LayerNorm without affine parameters on the input features. */
        public Builder optInputNorm(boolean inputNorm) {
            this.inputNorm = inputNorm;
            return this;
        }

        public Block build() {
            SequentialBlock mlp = new SequentialBlock();
            if (inputNorm) {
                mlp.add(LayerNorm.builder().optCenter(false).optScale(false).build());
            }
            for (int i = 0; i < 2; i++) {
                mlp.add(linear(hidden));
                if (batchNorm) {
                    mlp.add(Layers.batchNorm(true));
                }
                mlp.add(Activation.geluBlock());
            }
            mlp.add(linear(bottleneck));
            return mlp;
        }

        private static Linear linear(int units) {
            // The reference keeps the bias even before a batch norm; it is zero at the start either way.
            Linear linear = Linear.builder().setUnits(units).build();
            linear.setInitializer(TruncatedNormal.of(INIT_STD), Parameter.Type.WEIGHT);
            return linear;
        }
    }
}

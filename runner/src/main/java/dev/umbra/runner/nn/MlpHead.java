package dev.umbra.runner.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Projector and predictor heads: {@code (Linear -> [BN] -> ReLU)} per hidden layer, then a last
 * Linear, optionally followed by a batch norm. The input width is inferred at initialisation.
 *
 * <pre>{@code
 * Block projector = MlpHead.builder().addHidden(512).setOutput(128).build();                  // SimCLR
 * Block barlow = MlpHead.builder().addHidden(1024).addHidden(1024).setOutput(1024)
 *         .optLastBatchNorm(true, false).build();                                            // BN without affine
 * }</pre>
 */
public final class MlpHead {

    private MlpHead() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<Integer> hidden = new ArrayList<>();
        private int output = -1;
        private boolean hiddenBatchNorm = true;
        private boolean lastBatchNorm;
        private boolean lastBatchNormAffine;
        private boolean lastBias = true;

        /** Adds a hidden layer of {@code units} (Linear, BN unless turned off, ReLU). */
        public Builder addHidden(int units) {
            hidden.add(units);
            return this;
        }

        public Builder setOutput(int units) {
            this.output = units;
            return this;
        }

        /** Batch norm in the hidden layers (default on, as in SimCLR v2 / BYOL / solo-learn). */
        public Builder optHiddenBatchNorm(boolean batchNorm) {
            this.hiddenBatchNorm = batchNorm;
            return this;
        }

        /** A batch norm after the last Linear (SimSiam's projector; Barlow Twins normalises without affine). */
        public Builder optLastBatchNorm(boolean batchNorm, boolean affine) {
            this.lastBatchNorm = batchNorm;
            this.lastBatchNormAffine = affine;
            return this;
        }

        /** Bias on the last Linear (default on; off when a batch norm follows, or for prototypes). */
        public Builder optLastBias(boolean bias) {
            this.lastBias = bias;
            return this;
        }

        public Block build() {
            if (output <= 0) {
                throw new IllegalStateException("MlpHead needs setOutput(units > 0)");
            }
            SequentialBlock mlp = new SequentialBlock();
            for (int units : hidden) {
                // A bias before a batch norm is cancelled by its mean subtraction.
                mlp.add(Layers.linear(units, !hiddenBatchNorm));
                if (hiddenBatchNorm) {
                    mlp.add(Layers.batchNorm(true));
                }
                mlp.add(Activation.reluBlock());
            }
            mlp.add(Layers.linear(output, lastBias && !lastBatchNorm));
            if (lastBatchNorm) {
                mlp.add(Layers.batchNorm(lastBatchNormAffine));
            }
            return mlp;
        }
    }
}

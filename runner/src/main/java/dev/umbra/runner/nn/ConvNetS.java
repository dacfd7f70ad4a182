package dev.umbra.runner.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * {@code convnet-s}: three conv-BN-ReLU stages of 32, 64 and 128 channels; the second and third
 * stride 2 (28x28 -> 7x7, 32x32 -> 8x8), then global average pooling to 128 features.
 * About 93 k parameters: the CPU backbone of the bundled sample and of the benchmarks.
 */
final class ConvNetS {

    static final int FEATURE_DIM = 128;

    private ConvNetS() {
    }

    static Block trunk() {
        return new SequentialBlock()
                .add(Layers.convBnRelu(32, 3, 1))
                .add(Layers.convBnRelu(64, 3, 2))
                .add(Layers.convBnRelu(FEATURE_DIM, 3, 2));
    }
}

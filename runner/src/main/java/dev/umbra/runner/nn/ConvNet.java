package dev.umbra.runner.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * The plain ConvNets: three conv-BN-ReLU stages, the second and third stride 2 (28x28 -> 7x7,
 * 32x32 -> 8x8), then global average pooling to as many features as the last stage has channels.
 * <ul>
 *   <li>{@code convnet-s}: 32, 64, 128 channels, about 93 k parameters: the CPU backbone of the
 *       bundled sample and of the benchmarks;</li>
 *   <li>{@code convnet-m}: twice as wide (64, 128, 256), about 370 k parameters and four times the
 *       compute, 256 features: for when {@code convnet-s}'s 128 features, not the training, limit a
 *       linear probe.</li>
 * </ul>
 */
final class ConvNet {

    private final int[] widths;

    private ConvNet(int... widths) {
        this.widths = widths;
    }

    static ConvNet small() {
        return new ConvNet(32, 64, 128);
    }

    static ConvNet medium() {
        return new ConvNet(64, 128, 256);
    }

    int featureDim() {
        return widths[widths.length - 1];
    }

    Block trunk() {
        return new SequentialBlock()
                .add(Layers.convBnRelu(widths[0], 3, 1))
                .add(Layers.convBnRelu(widths[1], 3, 2))
                .add(Layers.convBnRelu(widths[2], 3, 2));
    }
}

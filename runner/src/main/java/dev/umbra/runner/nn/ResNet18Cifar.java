package dev.umbra.runner.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * {@code resnet18-cifar}: ResNet-18 (He et al. 2016) as used for 32x32 images (solo-learn, Lightly):
 * a 3x3 stride-1 stem and no max-pool, four stages of two basic blocks (64, 128, 256, 512), 512
 * features. About 11.2 M parameters; meant for GPU runners.
 */
final class ResNet18Cifar {

    static final int FEATURE_DIM = 512;

    private ResNet18Cifar() {
    }

    static Block trunk() {
        SequentialBlock trunk = new SequentialBlock().add(Layers.convBnRelu(64, 3, 1));
        int in = 64;
        int[] widths = {64, 128, 256, 512};
        for (int stage = 0; stage < widths.length; stage++) {
            int stride = stage == 0 ? 1 : 2;
            trunk.add(new BasicBlock(widths[stage], stride, in != widths[stage] || stride != 1));
            trunk.add(new BasicBlock(widths[stage], 1, false));
            in = widths[stage];
        }
        return trunk;
    }
}

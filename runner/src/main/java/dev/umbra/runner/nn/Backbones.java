package dev.umbra.runner.nn;

import dev.umbra.client.spec.Backbone;

/** Builds the encoder a spec names. */
public final class Backbones {

    private Backbones() {
    }

    /** A fresh, uninitialised encoder; it accepts 1- or 3-channel 28x28 or 32x32 images (any size, in fact; for
     * {@code vit-tiny}, any multiple of its patch size). */
    public static Encoder create(Backbone backbone) {
        return switch (backbone) {
            case CONVNET_S -> convNet(backbone, ConvNet.small());
            case CONVNET_M -> convNet(backbone, ConvNet.medium());
            case RESNET18_CIFAR -> new Encoder(backbone, ResNet18Cifar.FEATURE_DIM, ResNet18Cifar::trunk);
            case VIT_TINY -> new Encoder(backbone, VitTiny.WIDTH, VitTiny::trunk);
        };
    }

    private static Encoder convNet(Backbone backbone, ConvNet net) {
        return new Encoder(backbone, net.featureDim(), net::trunk);
    }
}

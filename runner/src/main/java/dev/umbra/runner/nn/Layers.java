package dev.umbra.runner.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;

/** The building blocks of backbones and heads, initialised as PyTorch / torchvision do. */
public final class Layers {

    private Layers() {
    }

    /** A square convolution without bias (a batch norm follows), Kaiming-normal (fan-out) weights as in torchvision. */
    public static Conv2d conv(int filters, int kernel, int stride) {
        Conv2d conv = Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false)
                .build();
        conv.setInitializer(new XavierInitializer(RandomType.GAUSSIAN, FactorType.OUT, 2), Parameter.Type.WEIGHT);
        return conv;
    }

    /** A fully connected layer with PyTorch's default initialisation, U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    public static Linear linear(int units, boolean bias) {
        Linear linear = Linear.builder().setUnits(units).optBias(bias).build();
        linear.setInitializer(new XavierInitializer(RandomType.UNIFORM, FactorType.IN, 1), Parameter.Type.WEIGHT);
        return linear;
    }

    /** Batch norm over the channel axis with PyTorch's momentum 0.1 and epsilon 1e-5. */
    public static BatchNorm batchNorm(boolean affine) {
        return BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).optCenter(affine).optScale(affine).build();
    }

    /** conv, batch norm, ReLU. */
    public static Block convBnRelu(int filters, int kernel, int stride) {
        return new SequentialBlock().add(conv(filters, kernel, stride)).add(batchNorm(true)).add(Activation.reluBlock());
    }
}

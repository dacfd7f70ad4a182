package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;
import dev.umbra.runner.nn.Layers;

/**
 * The light convolutional decoder of the predictive methods (DAE, MAE): from the encoder's feature
 * map {@code [N, C', h, w]} back to pixels {@code [N, C, H, W]}. A 1x1 conv-BN-ReLU first narrows
 * the channels to C'/4; each stage then doubles the resolution (nearest-neighbour upsampling and a
 * 3x3 conv-BN-ReLU; DJL's PyTorch engine has no transposed convolution) and halves the channels
 * (at least 16); a 3x3 convolution maps to the image channels (see {@link #output}), and the result
 * is cropped to H x W when the encoder's stride does not divide the image (e.g. 28x28 through a
 * stride-8 trunk).
 *
 * <p>Light, as MAE's decoder is: on {@code convnet-s} it costs under half of the encoder's
 * multiply-adds, so that the encoder, not the decoder, has to do the work. Decoding from the feature
 * map rather than the pooled vector follows MAE, whose decoder reads the encoder's per-patch tokens;
 * the probes evaluate the pooled features.
 */
final class PixelDecoder {

    private static final int MIN_CHANNELS = 16;

    private PixelDecoder() {
    }

    /**
     * @param featureMap shape of the encoder's feature map, batch axis included ({@code [N, C', h, w]})
     * @param image      shape of one image {@code [C, H, W]}
     */
    static Block create(Shape featureMap, Shape image) {
        int channels = Math.max(MIN_CHANNELS, (int) featureMap.get(1) / 4);
        long height = featureMap.get(2);
        long width = featureMap.get(3);
        SequentialBlock decoder = new SequentialBlock().add(Layers.convBnRelu(channels, 1, 1));
        while (height < image.get(1) || width < image.get(2)) {
            channels = Math.max(MIN_CHANNELS, channels / 2);
            decoder.add(new LambdaBlock(PixelDecoder::upsample)).add(Layers.convBnRelu(channels, 3, 1));
            height *= 2;
            width *= 2;
        }
        int imageChannels = (int) image.get(0);
        int outputs = Math.max(MIN_CHANNELS, imageChannels);
        decoder.add(output(outputs));
        if (outputs != imageChannels || height != image.get(1) || width != image.get(2)) {
            long h = image.get(1);
            long w = image.get(2);
            decoder.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().get(
                    new NDIndex(":, :{}, :{}, :{}", imageChannels, h, w)))));
        }
        return decoder;
    }

    /**
     * The pixel layer, with PyTorch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)) weights: the fan-out
     * initialisation of the hidden convolutions (meant for a batch norm to follow) would start the
     * reconstructions at several times the targets' scale.
     *
     * <p>It has at least {@value #MIN_CHANNELS} filters, of which the decoder keeps the image's 1 or 3:
     * the oneDNN bundled with libtorch 2.7.1 computes a wrong input gradient, and at times NaN, for a 3x3
     * convolution with fewer than 16 filters on some CPUs (an AVX-512 AMD EPYC, also with its kernels
     * capped at AVX2; right with {@code ONEDNN_MAX_CPU_ISA=SSE41}), and with one filter that gradient is
     * every other layer's.
     * {@code PixelDecoderTest} checks the decoder's gradients against finite differences.
     */
    private static Conv2d output(int channels) {
        Conv2d conv = Conv2d.builder()
                .setFilters(channels)
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .build();
        conv.setInitializer(new XavierInitializer(RandomType.UNIFORM, FactorType.IN, 1), Parameter.Type.WEIGHT);
        return conv;
    }

    /** Nearest-neighbour upsampling by 2 in height and width. */
    private static NDList upsample(NDList input) {
        NDArray x = input.singletonOrThrow();
        return new NDList(x.repeat(2, 2).repeat(3, 2));
    }
}

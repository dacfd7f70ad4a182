package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import dev.umbra.runner.nn.Layers;

/**
 * The light convolutional decoder of the predictive methods (DAE, MAE): from the encoder's feature
 * map {@code [N, C', h, w]} back to pixels {@code [N, C, H, W]}. Each stage doubles the resolution
 * (nearest-neighbour upsampling, then 3x3 conv-BN-ReLU; DJL's PyTorch engine has no transposed
 * convolution) and halves the channels (at least 16); a last 3x3 convolution maps to the image
 * channels, and the result is cropped to H x W when the encoder's stride does not divide the image
 * exactly (e.g. 28x28 through a stride-8 trunk).
 *
 * <p>Decoding from the feature map rather than the pooled vector follows MAE, whose decoder reads the
 * encoder's per-patch tokens; the pooled features are what the probes evaluate.
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
        int channels = (int) featureMap.get(1);
        long height = featureMap.get(2);
        long width = featureMap.get(3);
        SequentialBlock decoder = new SequentialBlock();
        while (height < image.get(1) || width < image.get(2)) {
            channels = Math.max(MIN_CHANNELS, channels / 2);
            decoder.add(new LambdaBlock(PixelDecoder::upsample)).add(Layers.convBnRelu(channels, 3, 1));
            height *= 2;
            width *= 2;
        }
        decoder.add(Layers.conv((int) image.get(0), 3, 1));
        if (height != image.get(1) || width != image.get(2)) {
            long h = image.get(1);
            long w = image.get(2);
            decoder.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().get(new NDIndex("..., :{}, :{}", h, w)))));
        }
        return decoder;
    }

    /** Nearest-neighbour upsampling by 2 in height and width. */
    private static NDList upsample(NDList input) {
        NDArray x = input.singletonOrThrow();
        return new NDList(x.repeat(2, 2).repeat(3, 2));
    }
}

package dev.umbra.runner.method;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class PixelDecoderTest {

    @Test
    void decodesToTheImageShapeAndCropsWhenTheStrideDoesNotDivideIt() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // convnet-s on 28x28 (stride 4): 128 x 7 x 7 -> 1 x 28 x 28
            assertThat(decode(manager, new Shape(2, 128, 7, 7), new Shape(1, 28, 28))).isEqualTo(new Shape(2, 1, 28, 28));
            // resnet18-cifar on 32x32 (stride 8): 512 x 4 x 4 -> 3 x 32 x 32
            assertThat(decode(manager, new Shape(2, 512, 4, 4), new Shape(3, 32, 32))).isEqualTo(new Shape(2, 3, 32, 32));
            // resnet18-cifar on 28x28: 4 x 4 decodes to 32 x 32, cropped to 28 x 28
            assertThat(decode(manager, new Shape(2, 512, 4, 4), new Shape(1, 28, 28))).isEqualTo(new Shape(2, 1, 28, 28));
        }
    }

    @Test
    void startsWithReconstructionsSmallerThanUnitVarianceTargets() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape featureMap = new Shape(64, 128, 7, 7);
            Block decoder = PixelDecoder.create(featureMap, new Shape(1, 28, 28));
            decoder.initialize(manager, DataType.FLOAT32, featureMap);
            NDArray out = decoder.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(featureMap).maximum(0)), true).singletonOrThrow();
            double std = Math.sqrt(out.sub(out.mean()).square().mean().getFloat());
            assertThat(std).isBetween(0.05, 1.0);
        }
    }

    private static Shape decode(NDManager manager, Shape featureMap, Shape image) {
        Block decoder = PixelDecoder.create(featureMap, image);
        decoder.initialize(manager, DataType.FLOAT32, featureMap);
        assertThat(decoder.getOutputShapes(new Shape[] {featureMap})[0]).isEqualTo(new Shape(featureMap.get(0)).addAll(image));
        NDArray out = decoder.forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(featureMap)), true)
                .singletonOrThrow();
        return out.getShape();
    }
}

package dev.umbra.runner.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
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

    /**
     * Every gradient of the decoder (its input's, which is the encoder's, and each parameter's) against a
     * central finite difference along a random sign direction. A 3x3 convolution with fewer than 16
     * filters got its input gradient wrong on this engine (off by a factor of 2 or NaN), so this runs for
     * grayscale and colour images.
     */
    @Test
    void everyGradientMatchesFiniteDifferences() {
        for (int channels : new int[] {1, 3}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(11);
                Shape featureMap = new Shape(8, 64, 4, 4);
                Block decoder = PixelDecoder.create(featureMap, new Shape(channels, 16, 16));
                decoder.initialize(manager, DataType.FLOAT32, featureMap);
                ParameterStore store = new ParameterStore(manager, false);
                NDArray input = manager.randomNormal(featureMap).maximum(0);
                input.setRequiresGradient(true);
                NDArray target = manager.randomNormal(new Shape(8, channels, 16, 16));
                Supplier<Float> loss = () -> decoder.forward(store, new NDList(input), true).singletonOrThrow()
                        .sub(target).square().mean().getFloat();
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(decoder.forward(store, new NDList(input), true).singletonOrThrow()
                            .sub(target).square().mean());
                }
                Map<String, NDArray> tensors = new LinkedHashMap<>();
                tensors.put("input", input);
                decoder.getParameters().forEach(p -> {
                    if (p.getValue().requiresGradient()) {
                        tensors.put(p.getKey(), p.getValue().getArray());
                    }
                });
                Random random = new Random(5);
                tensors.forEach((name, array) -> {
                    float[] gradient = array.getGradient().toFloatArray();
                    float[] direction = new float[gradient.length];
                    double analytic = 0;
                    for (int i = 0; i < direction.length; i++) {
                        direction[i] = random.nextBoolean() ? 1e-3f : -1e-3f;
                        analytic += gradient[i] * direction[i];
                    }
                    NDArray step = manager.create(direction, array.getShape());
                    array.addi(step);
                    float plus = loss.get();
                    array.subi(step).subi(step);
                    float minus = loss.get();
                    array.addi(step);
                    double numeric = (plus - minus) / 2.0;
                    assertThat(analytic).as("%d channel(s), %s", channels, name)
                            .isCloseTo(numeric, within(0.05 * Math.abs(numeric) + 1e-5));
                });
            }
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

package dev.umbra.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.umbra.runner.TestSpecs;
import dev.umbra.runner.augment.Normalization;
import dev.umbra.runner.data.ImageSplit;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    @Test
    void rawPixelFeaturesAreEachImageNormalisedPerChannelAndFlattened() {
        ImageSplit split = TestSpecs.syntheticDataset(40, 8, 3, 5, 4, 3).train();
        float[][] stats = split.channelStats();
        // A batch smaller than the split, so that chunks are joined.
        FeatureExtractor pixels = FeatureExtractor.pixels(split.imageShape(), new Normalization(stats[0], stats[1]), 16);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray features = pixels.extract(split, manager);

            assertThat(pixels.featureDim()).isEqualTo(3 * 5 * 5);
            assertThat(features.getShape().getShape()).containsExactly(40, 75);
            float[] values = features.toFloatArray();
            int perChannel = 25;
            for (int i = 0; i < values.length; i++) {
                int channel = i % 75 / perChannel;
                double expected = ((split.pixels()[i] & 0xFF) / 255.0 - stats[0][channel]) / stats[1][channel];
                assertThat((double) values[i]).as("value %d", i).isCloseTo(expected, within(1e-4));
            }
        }
    }
}

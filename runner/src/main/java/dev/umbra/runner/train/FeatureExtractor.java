package dev.umbra.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.umbra.runner.augment.Normalization;
import dev.umbra.runner.data.ImageSplit;
import dev.umbra.runner.nn.Encoder;
import java.nio.ByteBuffer;

/**
 * Frozen features for evaluation: the encoder in inference mode (batch norm on its running statistics),
 * images normalised as in training but not augmented, in batches, without gradients.
 */
public final class FeatureExtractor {

    private final Encoder encoder;
    private final ParameterStore parameterStore;
    private final Normalization normalization;
    private final int batchSize;

    public FeatureExtractor(Encoder encoder, ParameterStore parameterStore, Normalization normalization, int batchSize) {
        this.encoder = encoder;
        this.parameterStore = parameterStore;
        this.normalization = normalization;
        this.batchSize = batchSize;
    }

    public int featureDim() {
        return encoder.featureDim();
    }

    /** Features {@code [N, featureDim]} (float32) of every image of {@code split}, in order, in {@code manager}. */
    public NDArray extract(ImageSplit split, NDManager manager) {
        int n = split.size();
        NDList chunks = new NDList();
        for (int start = 0; start < n; start += batchSize) {
            int count = Math.min(batchSize, n - start);
            try (NDManager batchManager = manager.newSubManager()) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(count * split.imageBytes());
                buffer.put(split.pixels(), start * split.imageBytes(), count * split.imageBytes()).flip();
                NDArray images = batchManager.create(buffer, new Shape(count).addAll(split.imageShape()), DataType.UINT8);
                NDArray features = features(images);
                features.attach(manager);
                chunks.add(features);
            }
        }
        NDArray all = chunks.size() == 1 ? chunks.get(0) : NDArrays.concat(chunks, 0);
        if (chunks.size() > 1) {
            chunks.close();
        }
        return all;
    }

    /** Features of one batch of uint8 images {@code [B, C, H, W]}; the result lives in the images' manager. */
    public NDArray features(NDArray uint8Images) {
        return embed(normalization.apply(Normalization.toUnit(uint8Images)));
    }

    /** Features of already normalised images (e.g. augmented views for diagnostics), inference mode. */
    public NDArray embed(NDArray normalizedImages) {
        return encoder.forward(parameterStore, new NDList(normalizedImages), false).singletonOrThrow();
    }
}

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
import java.util.function.UnaryOperator;

/**
 * Frozen features for evaluation: the encoder in inference mode (batch norm on its running statistics),
 * images normalised as in training but not augmented, in batches, without gradients. For
 * {@code raw-pixels}, {@link #pixels} gives the normalised images themselves, flattened.
 */
public final class FeatureExtractor {

    /** Normalised images {@code [B, C, H, W]} to features {@code [B, featureDim]}, in the images' manager. */
    private final UnaryOperator<NDArray> embedding;
    private final String source;
    private final int featureDim;
    private final Normalization normalization;
    private final int batchSize;

    public FeatureExtractor(Encoder encoder, ParameterStore parameterStore, Normalization normalization, int batchSize) {
        this(images -> encoder.forward(parameterStore, new NDList(images), false).singletonOrThrow(),
                "backbone pooled output", encoder.featureDim(), normalization, batchSize);
    }

    private FeatureExtractor(UnaryOperator<NDArray> embedding, String source, int featureDim,
                             Normalization normalization, int batchSize) {
        this.embedding = embedding;
        this.source = source;
        this.featureDim = featureDim;
        this.normalization = normalization;
        this.batchSize = batchSize;
    }

    /**
     * The {@code raw-pixels} features: each image of shape {@code imageShape} normalised as the encoders'
     * inputs are, flattened to {@code C x H x W} values (784 for 28x28 gray, 3,072 for 32x32 colour: a
     * split of 50,000 CIFAR images is then 600 MB of float32, held once more while chunks are joined).
     */
    public static FeatureExtractor pixels(Shape imageShape, Normalization normalization, int batchSize) {
        return new FeatureExtractor(images -> images.reshape(images.getShape().get(0), -1),
                "input pixels, normalised and flattened", Math.toIntExact(imageShape.size()), normalization, batchSize);
    }

    /** What the features are, as every protocol result records it ({@code protocol_params.features.source}). */
    public String source() {
        return source;
    }

    public int featureDim() {
        return featureDim;
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
        return embedding.apply(normalizedImages);
    }
}

package dev.umbra.runner.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Frozen features of one split and their labels: what every protocol works on.
 *
 * <p>The arrays belong to the caller's manager; protocols never close them.
 *
 * @param features   {@code N x d}, float32
 * @param labels     {@code N}, integer class ids in {@code [0, numClasses)}
 * @param numClasses number of classes of the dataset (not only those present in this split)
 */
public record FeatureSet(NDArray features, NDArray labels, int numClasses) {

    public FeatureSet {
        if (features.getShape().dimension() != 2) {
            throw new IllegalArgumentException("features must be N x d, got " + features.getShape());
        }
        if (labels.getShape().dimension() != 1 || labels.getShape().get(0) != features.getShape().get(0)) {
            throw new IllegalArgumentException(
                    "labels must be a vector of " + features.getShape().get(0) + ", got " + labels.getShape());
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + numClasses);
        }
        if (features.getDataType() != DataType.FLOAT32) {
            features = features.toType(DataType.FLOAT32, false);
        }
        if (labels.getDataType() != DataType.INT64) {
            labels = labels.toType(DataType.INT64, false);
        }
    }

    public int size() {
        return Math.toIntExact(features.getShape().get(0));
    }

    public int dim() {
        return Math.toIntExact(features.getShape().get(1));
    }

    public int[] labelArray() {
        try (NDArray ints = labels.toType(DataType.INT32, true)) {
            return ints.toIntArray();
        }
    }

    /** The rows at {@code indices}, in that order; new arrays in the features' manager. */
    public FeatureSet rows(int[] indices) {
        NDArray index = features.getManager().create(indices);
        try {
            return new FeatureSet(features.get(index), labels.get(index), numClasses);
        } finally {
            index.close();
        }
    }
}

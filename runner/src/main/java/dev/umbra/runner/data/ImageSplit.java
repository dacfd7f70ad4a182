package dev.umbra.runner.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * One split of an image dataset in memory: {@code count} images of {@code [channels, height, width]}
 * unsigned bytes, row-major per channel (NCHW), and their class labels.
 */
public record ImageSplit(byte[] pixels, int[] labels, int channels, int height, int width) {

    public ImageSplit {
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, expected " + expected
                    + " for " + labels.length + " images of " + channels + "x" + height + "x" + width);
        }
    }

    public int size() {
        return labels.length;
    }

    public int imageBytes() {
        return channels * height * width;
    }

    /** {@code [C, H, W]}. */
    public Shape imageShape() {
        return new Shape(channels, height, width);
    }

    /** All images as one uint8 array {@code [N, C, H, W]} in {@code manager} (on its device). */
    public NDArray images(NDManager manager) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(pixels.length);
        buffer.put(pixels).flip();
        return manager.create(buffer, new Shape(size(), channels, height, width), DataType.UINT8);
    }

    /** All labels as int64 {@code [N]} in {@code manager}. */
    public NDArray labels(NDManager manager) {
        long[] longs = new long[labels.length];
        for (int i = 0; i < longs.length; i++) {
            longs[i] = labels[i];
        }
        return manager.create(longs);
    }

    /** Per-channel mean and standard deviation of the pixel values scaled to [0, 1]: the input normalisation. */
    public float[][] channelStats() {
        int plane = height * width;
        float[] mean = new float[channels];
        float[] std = new float[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < labels.length; i++) {
                int offset = (i * channels + c) * plane;
                for (int k = 0; k < plane; k++) {
                    double v = (pixels[offset + k] & 0xFF) / 255.0;
                    sum += v;
                    sumSq += v * v;
                }
            }
            double n = (double) labels.length * plane;
            double m = sum / n;
            mean[c] = (float) m;
            std[c] = (float) Math.sqrt(Math.max(sumSq / n - m * m, 1e-12));
        }
        return new float[][] {mean, std};
    }
}

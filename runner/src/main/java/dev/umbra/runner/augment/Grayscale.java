package dev.umbra.runner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** Converts RGB images to grayscale (replicated over the three channels) with probability {@code prob} each. */
final class Grayscale implements BatchTransform {

    private final double prob;

    Grayscale(double prob) {
        this.prob = prob;
    }

    @Override
    public NDArray apply(NDArray images, SplittableRandom random) {
        int batch = (int) images.getShape().get(0);
        float[] mask = new float[batch];
        for (int b = 0; b < batch; b++) {
            mask[b] = random.nextDouble() < prob ? 1f : 0f;
        }
        if (images.getShape().get(1) != 3) {
            return images;
        }
        NDArray m = images.getManager().create(mask, new Shape(batch, 1, 1, 1));
        // x + m * (gray - x): gray where m = 1, unchanged where m = 0.
        return images.add(luma(images).sub(images).muli(m));
    }

    /** ITU-R 601 luma {@code [B, 1, H, W]} (the weights of torchvision's rgb_to_grayscale); the image itself if it has one channel. */
    static NDArray luma(NDArray x) {
        if (x.getShape().get(1) == 1) {
            return x;
        }
        NDArray weights = x.getManager().create(new float[] {0.299f, 0.587f, 0.114f}, new Shape(1, 3, 1, 1));
        return x.mul(weights).sum(new int[] {1}, true);
    }
}

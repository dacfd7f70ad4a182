package dev.umbra.runner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Gaussian blur with probability {@code prob} and sigma uniform in [sigmaMin, sigmaMax] per image.
 * The blur is separable: {@code G · img · Gᵀ} with {@code G[i, j] ∝ exp(-(i-j)²/2σ²)}, each row
 * normalised over the pixels inside the image (the kernel is cut at the border and renormalised,
 * instead of torchvision's reflection padding). An image left alone gets the identity.
 */
final class GaussianBlur implements BatchTransform {

    private final double prob;
    private final double sigmaMin;
    private final double sigmaMax;

    GaussianBlur(double prob, double sigmaMin, double sigmaMax) {
        this.prob = prob;
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
    }

    @Override
    public NDArray apply(NDArray images, SplittableRandom random) {
        Shape shape = images.getShape();
        int batch = (int) shape.get(0);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        float[] inverseTwoVar = new float[batch];
        for (int b = 0; b < batch; b++) {
            boolean apply = random.nextDouble() < prob;
            double sigma = sigmaMin + (sigmaMax - sigmaMin) * random.nextDouble();
            // 1e6 makes every off-diagonal weight exp(-1e6) = 0: the identity.
            inverseTwoVar[b] = apply ? (float) (1 / (2 * sigma * sigma)) : 1e6f;
        }
        NDManager manager = images.getManager();
        NDArray scale = manager.create(inverseTwoVar, new Shape(batch, 1, 1, 1));
        NDArray gy = kernel(manager, scale, height);
        NDArray gxT = height == width ? gy.transpose(0, 1, 3, 2) : kernel(manager, scale, width).transpose(0, 1, 3, 2);
        return gy.matMul(images).matMul(gxT);
    }

    /** {@code [B, 1, n, n]} row-normalised Gaussian weights. */
    private static NDArray kernel(NDManager manager, NDArray inverseTwoVar, int n) {
        NDArray idx = manager.arange(0f, (float) n);
        NDArray d2 = idx.reshape(n, 1).sub(idx.reshape(1, n)).square().reshape(1, 1, n, n);
        NDArray g = d2.mul(inverseTwoVar).neg().exp();
        return g.div(g.sum(new int[] {3}, true));
    }
}

package dev.umbra.runner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Colour jitter applied to each image with probability {@code prob}: brightness, contrast, then (RGB
 * only) saturation and hue, each with a factor drawn per image, clamping to [0, 1] after each as
 * torchvision does. Unlike torchvision the order is fixed (torchvision shuffles it per image), and hue
 * is a rotation of the chroma plane in YIQ space rather than a shift in HSV: both keep the batch to a few
 * tensor operations; the hue rotation matches HSV's shift closely for moderate saturation.
 */
final class ColorJitter implements BatchTransform {

    private final double prob;
    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;

    ColorJitter(double prob, double brightness, double contrast, double saturation, double hue) {
        this.prob = prob;
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
        this.hue = hue;
    }

    @Override
    public NDArray apply(NDArray images, SplittableRandom random) {
        int batch = (int) images.getShape().get(0);
        int channels = (int) images.getShape().get(1);
        float[] bright = new float[batch];
        float[] contr = new float[batch];
        float[] sat = new float[batch];
        float[] hueAngle = new float[batch];
        for (int b = 0; b < batch; b++) {
            boolean apply = random.nextDouble() < prob;
            bright[b] = factor(random, brightness, apply);
            contr[b] = factor(random, contrast, apply);
            sat[b] = factor(random, saturation, apply);
            double h = (2 * random.nextDouble() - 1) * hue;
            hueAngle[b] = apply ? (float) (2 * Math.PI * h) : 0f;
        }
        NDManager manager = images.getManager();
        Shape perImage = new Shape(batch, 1, 1, 1);
        NDArray x = images;
        if (brightness > 0) {
            x = x.mul(manager.create(bright, perImage)).clip(0f, 1f);
        }
        if (contrast > 0) {
            NDArray mean = Grayscale.luma(x).reshape(batch, -1).mean(new int[] {1}).reshape(perImage);
            NDArray f = manager.create(contr, perImage);
            x = x.mul(f).addi(mean.mul(f.neg().addi(1f))).clip(0f, 1f);
        }
        if (channels == 3 && saturation > 0) {
            NDArray f = manager.create(sat, perImage);
            x = x.mul(f).addi(Grayscale.luma(x).mul(f.neg().addi(1f))).clip(0f, 1f);
        }
        if (channels == 3 && hue > 0) {
            x = rotateHue(x, hueAngle).clip(0f, 1f);
        }
        return x;
    }

    /** Per-image 3x3 colour matrix {@code YIQ⁻¹ · R(θ) · YIQ}, applied to {@code [B, 3, H*W]} by one batched product. */
    private static NDArray rotateHue(NDArray x, float[] angles) {
        int batch = angles.length;
        double[][] toYiq = {{0.299, 0.587, 0.114}, {0.596, -0.274, -0.322}, {0.211, -0.523, 0.312}};
        double[][] fromYiq = {{1, 0.956, 0.621}, {1, -0.272, -0.647}, {1, -1.106, 1.703}};
        float[] matrices = new float[batch * 9];
        for (int b = 0; b < batch; b++) {
            double cos = Math.cos(angles[b]);
            double sin = Math.sin(angles[b]);
            double[][] rot = {{1, 0, 0}, {0, cos, -sin}, {0, sin, cos}};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double v = 0;
                    for (int k = 0; k < 3; k++) {
                        for (int l = 0; l < 3; l++) {
                            v += fromYiq[i][k] * rot[k][l] * toYiq[l][j];
                        }
                    }
                    matrices[b * 9 + i * 3 + j] = (float) v;
                }
            }
        }
        Shape shape = x.getShape();
        NDArray m = x.getManager().create(matrices, new Shape(batch, 3, 3));
        return m.matMul(x.reshape(batch, 3, -1)).reshape(shape);
    }

    private static float factor(SplittableRandom random, double strength, boolean apply) {
        double f = 1 + (2 * random.nextDouble() - 1) * strength;
        return apply ? (float) Math.max(f, 0) : 1f;
    }
}

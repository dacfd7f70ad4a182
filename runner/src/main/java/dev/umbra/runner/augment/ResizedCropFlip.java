package dev.umbra.runner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Random resized crop (torchvision's sampling: area fraction in [scaleMin, scaleMax], log-uniform aspect
 * ratio, ten tries then the whole image) resized back to the input size (or to a given square size, for
 * multi-crop's local views) with bilinear interpolation,
 * plus a random horizontal flip.
 *
 * <p>Bilinear resizing is separable, so each image's crop-and-resize is {@code Ry · img · Rxᵀ} with
 * interpolation matrices {@code Ry [H', H]} and {@code Rx [W', W]} whose entries are the "tent" weights
 * {@code max(0, 1 - |src(i) - j|)}; a flip reverses the rows of {@code Rx}. The whole batch is then two
 * batched matrix products.
 */
final class ResizedCropFlip implements BatchTransform {

    private final double scaleMin;
    private final double scaleMax;
    private final double logRatioMin;
    private final double logRatioMax;
    private final double flipProb;
    /** Output side in pixels; 0 keeps the input size. */
    private final int outputSize;

    ResizedCropFlip(double scaleMin, double scaleMax, double ratioMin, double ratioMax, double flipProb) {
        this(scaleMin, scaleMax, ratioMin, ratioMax, flipProb, 0);
    }

    ResizedCropFlip(double scaleMin, double scaleMax, double ratioMin, double ratioMax, double flipProb, int outputSize) {
        this.outputSize = outputSize;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.logRatioMin = Math.log(ratioMin);
        this.logRatioMax = Math.log(ratioMax);
        this.flipProb = flipProb;
    }

    @Override
    public NDArray apply(NDArray images, SplittableRandom random) {
        Shape shape = images.getShape();
        int batch = (int) shape.get(0);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        int outHeight = outputSize > 0 ? outputSize : height;
        int outWidth = outputSize > 0 ? outputSize : width;
        float[] rowSource = new float[batch * outHeight];
        float[] colSource = new float[batch * outWidth];
        for (int b = 0; b < batch; b++) {
            int[] box = sampleBox(random, height, width); // y0, x0, h, w
            boolean flip = random.nextDouble() < flipProb;
            sourceCoordinates(rowSource, b * outHeight, outHeight, box[0], box[2], false);
            sourceCoordinates(colSource, b * outWidth, outWidth, box[1], box[3], flip);
        }
        NDManager manager = images.getManager();
        NDArray ry = tent(manager, rowSource, batch, outHeight, height);
        NDArray rxT = tent(manager, colSource, batch, outWidth, width).transpose(0, 2, 1);
        return ry.expandDims(1).matMul(images).matMul(rxT.expandDims(1));
    }

    /** torchvision's RandomResizedCrop.get_params: a box of the sampled area and ratio that fits, else the whole image. */
    private int[] sampleBox(SplittableRandom random, int height, int width) {
        double area = (double) height * width;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * uniform(random, scaleMin, scaleMax);
            double ratio = Math.exp(uniform(random, logRatioMin, logRatioMax));
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                int y0 = random.nextInt(height - h + 1);
                int x0 = random.nextInt(width - w + 1);
                return new int[] {y0, x0, h, w};
            }
        }
        return new int[] {0, 0, height, width};
    }

    /** Source pixel coordinate of each output pixel (half-pixel centres, as align_corners=False), clamped into the box. */
    private static void sourceCoordinates(float[] out, int offset, int size, int start, int length, boolean reverse) {
        double step = (double) length / size;
        for (int i = 0; i < size; i++) {
            double src = Math.min(Math.max((i + 0.5) * step - 0.5, 0), length - 1);
            out[offset + (reverse ? size - 1 - i : i)] = (float) (start + src);
        }
    }

    /** {@code [B, out, in]} bilinear weights {@code max(0, 1 - |src[b, i] - j|)}. */
    private static NDArray tent(NDManager manager, float[] source, int batch, int out, int in) {
        NDArray src = manager.create(source, new Shape(batch, out, 1));
        NDArray grid = manager.arange(0f, (float) in).reshape(1, 1, in);
        return src.sub(grid).abs().neg().addi(1f).maximum(0f);
    }

    private static double uniform(SplittableRandom random, double min, double max) {
        return min == max ? min : min + (max - min) * random.nextDouble();
    }
}

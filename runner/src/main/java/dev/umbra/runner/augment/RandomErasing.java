package dev.umbra.runner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random erasing (Zhong et al. 2020) with probability {@code prob} per image, on normalised images: a
 * rectangle of area fraction in [scaleMin, scaleMax] and log-uniform aspect ratio in [0.3, 3.3]
 * (torchvision's defaults, ten tries) is set to 0, the dataset mean. The mask is the outer product of a
 * per-image row indicator and column indicator.
 */
final class RandomErasing implements BatchTransform {

    private static final double LOG_RATIO_MIN = Math.log(0.3);
    private static final double LOG_RATIO_MAX = Math.log(3.3);

    private final double prob;
    private final double scaleMin;
    private final double scaleMax;

    RandomErasing(double prob, double scaleMin, double scaleMax) {
        this.prob = prob;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
    }

    @Override
    public NDArray apply(NDArray images, SplittableRandom random) {
        Shape shape = images.getShape();
        int batch = (int) shape.get(0);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        float[] rows = new float[batch * height];
        float[] cols = new float[batch * width];
        for (int b = 0; b < batch; b++) {
            boolean apply = random.nextDouble() < prob;
            double area = (double) height * width;
            for (int attempt = 0; attempt < 10; attempt++) {
                double target = area * (scaleMin + (scaleMax - scaleMin) * random.nextDouble());
                double ratio = Math.exp(LOG_RATIO_MIN + (LOG_RATIO_MAX - LOG_RATIO_MIN) * random.nextDouble());
                int h = (int) Math.round(Math.sqrt(target * ratio));
                int w = (int) Math.round(Math.sqrt(target / ratio));
                if (h < height && w < width && h > 0 && w > 0) {
                    int y0 = random.nextInt(height - h + 1);
                    int x0 = random.nextInt(width - w + 1);
                    if (apply) {
                        Arrays.fill(rows, b * height + y0, b * height + y0 + h, 1f);
                        Arrays.fill(cols, b * width + x0, b * width + x0 + w, 1f);
                    }
                    break;
                }
            }
        }
        NDManager manager = images.getManager();
        NDArray r = manager.create(rows, new Shape(batch, 1, height, 1));
        NDArray c = manager.create(cols, new Shape(batch, 1, 1, width));
        return images.mul(r.mul(c).neg().addi(1f));
    }
}

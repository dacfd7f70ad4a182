package dev.umbra.runner.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** Solarization with probability {@code prob} per image: pixels at or above 0.5 become {@code 1 - x} (BYOL's threshold). */
final class Solarize implements BatchTransform {

    private final double prob;

    Solarize(double prob) {
        this.prob = prob;
    }

    @Override
    public NDArray apply(NDArray images, SplittableRandom random) {
        int batch = (int) images.getShape().get(0);
        float[] mask = new float[batch];
        for (int b = 0; b < batch; b++) {
            mask[b] = random.nextDouble() < prob ? 1f : 0f;
        }
        NDArray m = images.getManager().create(mask, new Shape(batch, 1, 1, 1));
        NDArray flip = images.gte(0.5f).toType(images.getDataType(), false).muli(m);
        // x + flip * (1 - 2x): 1 - x where flipped.
        return images.add(flip.muli(images.mul(-2f).addi(1f)));
    }
}

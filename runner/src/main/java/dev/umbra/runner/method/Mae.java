package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.umbra.client.spec.Params;
import dev.umbra.runner.loss.ReconstructionLoss;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Masked autoencoder (He et al. 2022) adapted to a ConvNet: a random {@code mask_ratio} of the
 * {@code patch_size} x {@code patch_size} patches of each image is set to zero (the dataset mean of
 * normalised pixels), the encoder's feature map is decoded back to pixels by a {@link PixelDecoder},
 * and the loss counts the masked patches only, optionally against per-patch normalised targets.
 *
 * <p>A ConvNet sees the zeroed patches (a ViT drops them); every image has exactly
 * {@code round(L * mask_ratio)} masked patches, drawn from the step's method stream.
 */
public final class Mae implements SslMethod {

    private Block decoder;
    private double maskRatio;
    private int patchSize;
    private boolean normalizeTargets;

    @Override
    public void build(MethodSetup setup) {
        Params p = setup.params();
        maskRatio = p.getDouble("mask_ratio");
        patchSize = p.getInt("patch_size");
        normalizeTargets = p.getBool("norm_pix_loss");
        Shape image = setup.imageShape();
        if (image.get(1) % patchSize != 0 || image.get(2) % patchSize != 0) {
            throw new IllegalArgumentException("mae: patch_size " + patchSize + " does not divide the "
                    + image.get(1) + "x" + image.get(2) + " images; choose a divisor (e.g. 4 for 28x28 and 32x32)");
        }
        Shape featureMap = setup.encoder().featureMapShape(image);
        decoder = setup.initialize(PixelDecoder.create(featureMap, image), featureMap);
    }

    @Override
    public Map<String, Block> blocks() {
        return Map.of("decoder", decoder);
    }

    @Override
    public int views() {
        return 1;
    }

    @Override
    public NDArray loss(TrainingStep step, Views views) {
        NDArray images = views.view1();
        Shape shape = images.getShape();
        int rows = (int) shape.get(2) / patchSize;
        int cols = (int) shape.get(3) / patchSize;
        NDArray mask = step.manager().create(randomMask(views.batchSize(), rows * cols, step.random()),
                new Shape(views.batchSize(), (long) rows * cols));
        NDArray pixelMask = mask.reshape(views.batchSize(), 1, rows, cols).repeat(2, patchSize).repeat(3, patchSize);
        NDArray masked = images.mul(pixelMask.neg().add(1));
        NDArray features = step.encoder().featureMap(step.parameterStore(), masked, true);
        return ReconstructionLoss.maskedPatchError(step.forward(decoder, features), images, mask, patchSize,
                normalizeTargets);
    }

    /** Per image, exactly {@code round(patches * maskRatio)} ones at positions drawn without replacement. */
    float[] randomMask(int batch, int patches, SplittableRandom random) {
        int masked = (int) Math.round(patches * maskRatio);
        float[] mask = new float[batch * patches];
        int[] order = new int[patches];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < patches; i++) {
                order[i] = i;
            }
            // Partial Fisher-Yates: the first `masked` entries become a uniform random subset.
            for (int i = 0; i < masked; i++) {
                int j = i + random.nextInt(patches - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
                mask[b * patches + order[i]] = 1f;
            }
        }
        return mask;
    }
}

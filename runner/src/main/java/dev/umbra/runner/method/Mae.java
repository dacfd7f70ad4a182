package dev.umbra.runner.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.umbra.client.spec.Params;
import dev.umbra.runner.loss.ReconstructionLoss;
import dev.umbra.runner.nn.VisionTransformer;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Masked autoencoder (He et al. 2022). Each image is cut into {@code patch_size} x {@code patch_size}
 * patches and exactly {@code round(L * mask_ratio)} of its L patches are masked, at positions drawn from
 * the step's method stream; the loss counts the masked patches only, optionally against per-patch
 * normalised targets ({@code norm_pix_loss}).
 *
 * <p>On a vision transformer, as the paper: the encoder embeds every patch but runs its transformer on the
 * visible tokens only; a light {@link MaeDecoder} puts the encoded tokens back in order with a learned
 * mask token at the masked positions and predicts the pixels of every patch. {@code patch_size} must be
 * the transformer's own.
 *
 * <p>On a ConvNet, the adaptation: the masked patches are set to zero (the dataset mean of normalised
 * pixels), since a ConvNet cannot drop them, and a {@link PixelDecoder} decodes the encoder's feature map.
 */
public final class Mae implements SslMethod {

    private Block decoder;
    private VisionTransformer transformer;
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
        transformer = setup.encoder().transformer().orElse(null);
        if (transformer != null) {
            if (transformer.patchSize() != patchSize) {
                // SpecParser refuses this already (method.params.patch_size); kept for specs built in code.
                throw new IllegalArgumentException("mae: method.params.patch_size " + patchSize
                        + " must equal the patch size of backbone " + setup.encoder().backbone().id() + " ("
                        + transformer.patchSize() + ")");
            }
            int rows = (int) image.get(1) / patchSize;
            int cols = (int) image.get(2) / patchSize;
            int visible = rows * cols - maskedCount(rows * cols);
            decoder = setup.initialize(new MaeDecoder(rows, cols, patchSize * patchSize * (int) image.get(0)),
                    new Shape(2, visible, transformer.width()));
        } else {
            Shape featureMap = setup.encoder().featureMapShape(image);
            decoder = setup.initialize(PixelDecoder.create(featureMap, image), featureMap);
        }
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
        int batch = views.batchSize();
        int patches = (int) (shape.get(2) / patchSize * (shape.get(3) / patchSize));
        float[] maskValues = randomMask(batch, patches, step.random());
        NDArray mask = step.manager().create(maskValues, new Shape(batch, patches));
        if (transformer != null) {
            NDArray selection = step.manager().create(visibleSelection(maskValues, batch, patches),
                    new Shape(batch, patches - maskedCount(patches), patches));
            NDArray latent = encodeVisible(step.parameterStore(), images, selection, true);
            NDArray predicted = decoder.forward(step.parameterStore(), new NDList(latent, selection, mask), true)
                    .singletonOrThrow();
            return ReconstructionLoss.maskedPatchErrorOfPatches(predicted, images, mask, patchSize,
                    normalizeTargets);
        }
        int rows = (int) shape.get(2) / patchSize;
        int cols = (int) shape.get(3) / patchSize;
        NDArray pixelMask = mask.reshape(batch, 1, rows, cols).repeat(2, patchSize).repeat(3, patchSize);
        NDArray masked = images.mul(pixelMask.neg().add(1));
        NDArray features = step.encoder().featureMap(step.parameterStore(), masked, true);
        return ReconstructionLoss.maskedPatchError(step.forward(decoder, features), images, mask, patchSize,
                normalizeTargets);
    }

    /**
     * The ViT path's encoder pass: embeds every patch, keeps the visible tokens ({@code selection [N, K, L]}),
     * and runs the transformer on those K tokens only; returns {@code [N, K, D]}.
     */
    NDArray encodeVisible(ParameterStore parameterStore, NDArray images, NDArray selection, boolean training) {
        NDArray tokens = transformer.embed(parameterStore, images, training);
        return transformer.encodeTokens(parameterStore, selection.matMul(tokens), training);
    }

    int maskedCount(int patches) {
        return (int) Math.round(patches * maskRatio);
    }

    /**
     * One-hot rows {@code [N, K, L]}: row k of image b selects its k-th visible patch (in patch order), so
     * {@code selection x tokens} keeps the visible tokens and its transpose puts them back.
     */
    float[] visibleSelection(float[] mask, int batch, int patches) {
        int visible = patches - maskedCount(patches);
        float[] selection = new float[batch * visible * patches];
        for (int b = 0; b < batch; b++) {
            int k = 0;
            for (int i = 0; i < patches; i++) {
                if (mask[b * patches + i] == 0f) {
                    selection[(b * visible + k) * patches + i] = 1f;
                    k++;
                }
            }
        }
        return selection;
    }

    /** Per image, exactly {@code round(patches * maskRatio)} ones at positions drawn without replacement. */
    float[] randomMask(int batch, int patches, SplittableRandom random) {
        int masked = maskedCount(patches);
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

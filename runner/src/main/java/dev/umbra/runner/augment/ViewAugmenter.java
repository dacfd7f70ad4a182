package dev.umbra.runner.augment;

import ai.djl.ndarray.NDArray;
import dev.umbra.client.spec.Params;
import dev.umbra.client.spec.Recipe;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The augmentation of one view, from its resolved parameters ({@link Recipe#PARAMS}): uint8 images in,
 * normalised float32 images of the same size (or, for a local view, of the local size) out, all on the images' device. The order is SimCLR's:
 * random resized crop and flip, colour jitter, grayscale, Gaussian blur, solarization, then
 * normalisation and random erasing. A transform whose parameters are the identity is left out.
 */
public final class ViewAugmenter {

    /** Fixed slots: each transform's random stream depends on its slot only, not on which others are on. */
    private enum Slot { CROP_FLIP, JITTER, GRAYSCALE, BLUR, SOLARIZE, ERASE }

    private final Map<Slot, BatchTransform> beforeNormalization = new EnumMap<>(Slot.class);
    private final Map<Slot, BatchTransform> afterNormalization = new EnumMap<>(Slot.class);
    private final Normalization normalization;

    public ViewAugmenter(Params p, Normalization normalization) {
        this(p, normalization, p.getDouble("crop_scale_min"), p.getDouble("crop_scale_max"), 0);
    }

    /**
     * The augmentation of a local view (multi-crop): {@code p}'s transforms, but the crop covers
     * {@code [scaleMin, scaleMax]} of the area and is resized to {@code size x size}.
     */
    public static ViewAugmenter local(Params p, Normalization normalization, double scaleMin, double scaleMax,
                                      int size) {
        return new ViewAugmenter(p, normalization, scaleMin, scaleMax, size);
    }

    private ViewAugmenter(Params p, Normalization normalization, double scaleMin, double scaleMax, int outputSize) {
        this.normalization = normalization;
        double flip = p.getDouble("flip_prob");
        if (scaleMin < 1 || flip > 0 || outputSize > 0) {
            beforeNormalization.put(Slot.CROP_FLIP, new ResizedCropFlip(scaleMin, scaleMax, p.getDouble("crop_ratio_min"),
                    p.getDouble("crop_ratio_max"), flip, outputSize));
        }
        double jitter = p.getDouble("jitter_prob");
        if (jitter > 0 && p.getDouble("brightness") + p.getDouble("contrast") + p.getDouble("saturation")
                + p.getDouble("hue") > 0) {
            beforeNormalization.put(Slot.JITTER, new ColorJitter(jitter, p.getDouble("brightness"), p.getDouble("contrast"),
                    p.getDouble("saturation"), p.getDouble("hue")));
        }
        if (p.getDouble("grayscale_prob") > 0) {
            beforeNormalization.put(Slot.GRAYSCALE, new Grayscale(p.getDouble("grayscale_prob")));
        }
        if (p.getDouble("blur_prob") > 0) {
            beforeNormalization.put(Slot.BLUR, new GaussianBlur(p.getDouble("blur_prob"), p.getDouble("blur_sigma_min"),
                    p.getDouble("blur_sigma_max")));
        }
        if (p.getDouble("solarize_prob") > 0) {
            beforeNormalization.put(Slot.SOLARIZE, new Solarize(p.getDouble("solarize_prob")));
        }
        if (p.getDouble("erase_prob") > 0) {
            afterNormalization.put(Slot.ERASE, new RandomErasing(p.getDouble("erase_prob"), p.getDouble("erase_scale_min"),
                    p.getDouble("erase_scale_max")));
        }
    }

    /**
     * @param uint8Images {@code [B, C, H, W]} uint8
     * @param random      this view's stream for this step
     */
    public NDArray apply(NDArray uint8Images, SplittableRandom random) {
        long base = random.nextLong();
        NDArray x = Normalization.toUnit(uint8Images);
        for (Map.Entry<Slot, BatchTransform> t : beforeNormalization.entrySet()) {
            x = t.getValue().apply(x, stream(base, t.getKey()));
        }
        x = normalization.apply(x);
        for (Map.Entry<Slot, BatchTransform> t : afterNormalization.entrySet()) {
            x = t.getValue().apply(x, stream(base, t.getKey()));
        }
        return x;
    }

    private static SplittableRandom stream(long base, Slot slot) {
        return new SplittableRandom(base + 0x9E3779B97F4A7C15L * (slot.ordinal() + 1));
    }

    /** Number of transforms in use (0 for the {@code none} recipe). */
    public int transformCount() {
        return beforeNormalization.size() + afterNormalization.size();
    }
}

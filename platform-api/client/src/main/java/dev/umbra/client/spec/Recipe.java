package dev.umbra.client.spec;

import static dev.umbra.client.spec.ParamDef.real;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Named augmentation recipes. A recipe gives each of the two views a full set of
 * {@link #PARAMS}; a spec may override any of them for both views or for one view.
 * Every parameter's own default is the identity (no augmentation), so a recipe is exactly the
 * list of values it changes. Saturation and hue apply to RGB datasets only.
 */
public enum Recipe {
    /** Chen et al. 2020, as solo-learn uses it on CIFAR (no blur on small images). */
    SIMCLR("simclr",
            Map.of("crop_scale_min", 0.08, "flip_prob", 0.5, "jitter_prob", 0.8, "brightness", 0.4,
                    "contrast", 0.4, "saturation", 0.2, "hue", 0.1, "grayscale_prob", 0.2),
            Map.of()),
    /** Grill et al. 2020: view 2 is solarized sometimes, view 1 never (blur off for small images). */
    BYOL_ASYMMETRIC("byol-asymmetric",
            Map.of("crop_scale_min", 0.08, "flip_prob", 0.5, "jitter_prob", 0.8, "brightness", 0.4,
                    "contrast", 0.4, "saturation", 0.2, "hue", 0.1, "grayscale_prob", 0.2),
            Map.of("solarize_prob", 0.2)),
    /** Bardes et al. 2022: as BYOL's, with solarization 0.1 on view 2. */
    VICREG("vicreg",
            Map.of("crop_scale_min", 0.08, "flip_prob", 0.5, "jitter_prob", 0.8, "brightness", 0.4,
                    "contrast", 0.4, "saturation", 0.2, "hue", 0.1, "grayscale_prob", 0.2),
            Map.of("solarize_prob", 0.1)),
    /** Mild crop and flip: for supervised training and the predictive methods. */
    WEAK("weak", Map.of("crop_scale_min", 0.6, "flip_prob", 0.5), Map.of()),
    /** Identity: both views are the input image. */
    NONE("none", Map.of(), Map.of());

    /** The parameters of one view; defaults are the identity. */
    public static final List<ParamDef> PARAMS = List.of(
            real("crop_scale_min", 1.0, 0.01, 1, "random resized crop: smallest area fraction"),
            real("crop_scale_max", 1.0, 0.01, 1, "random resized crop: largest area fraction"),
            real("crop_ratio_min", 0.75, 0.1, 10, "random resized crop: smallest aspect ratio"),
            real("crop_ratio_max", 4.0 / 3.0, 0.1, 10, "random resized crop: largest aspect ratio"),
            real("flip_prob", 0, 0, 1, "horizontal flip probability (0 on a dataset whose flips change labels)"),
            real("jitter_prob", 0, 0, 1, "probability of applying colour jitter"),
            real("brightness", 0, 0, 1, "colour jitter: brightness strength"),
            real("contrast", 0, 0, 1, "colour jitter: contrast strength"),
            real("saturation", 0, 0, 1, "colour jitter: saturation strength (RGB only)"),
            real("hue", 0, 0, 0.5, "colour jitter: hue strength (RGB only)"),
            real("grayscale_prob", 0, 0, 1, "probability of converting to grayscale (RGB only)"),
            real("blur_prob", 0, 0, 1, "Gaussian blur probability"),
            real("blur_sigma_min", 0.1, 0.01, 10, "Gaussian blur: smallest sigma, in pixels"),
            real("blur_sigma_max", 2.0, 0.01, 10, "Gaussian blur: largest sigma, in pixels"),
            real("solarize_prob", 0, 0, 1, "solarization probability (threshold 0.5)"),
            real("erase_prob", 0, 0, 1, "random erasing probability"),
            real("erase_scale_min", 0.02, 0.001, 1, "random erasing: smallest area fraction"),
            real("erase_scale_max", 0.33, 0.001, 1, "random erasing: largest area fraction"));

    private final String id;
    private final Map<String, Double> bothViews;
    private final Map<String, Double> view2Only;

    Recipe(String id, Map<String, Double> bothViews, Map<String, Double> view2Only) {
        this.id = id;
        this.bothViews = bothViews;
        this.view2Only = view2Only;
    }

    public String id() {
        return id;
    }

    /**
     * The recipe's values for view 1 (index 0) or view 2 (index 1) on a dataset with these facts, every
     * parameter present.
     */
    public Params viewDefaults(int view, DatasetFacts facts) {
        Map<String, Object> values = new LinkedHashMap<>(Params.defaults(PARAMS).asMap());
        values.putAll(bothViews);
        if (view == 1) {
            values.putAll(view2Only);
        }
        if (!facts.hflipPreservesLabels()) {
            // A mirrored digit or letter is another class (or none): the recipe's flip would teach the
            // encoder to confuse them.
            values.put("flip_prob", 0.0);
        }
        return new Params(values);
    }

    public static Optional<Recipe> fromId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Recipe::id).toList();
    }
}

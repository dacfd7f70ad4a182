package dev.umbra.runner.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.umbra.client.spec.DatasetFacts;
import dev.umbra.client.spec.Params;
import dev.umbra.client.spec.Recipe;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.runner.TestSpecs;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ViewAugmenterTest {

    private static final Normalization UNIT_RGB = new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});
    private static final Normalization UNIT_GRAY = new Normalization(new float[] {0}, new float[] {1});

    private NDManager manager;

    @BeforeEach
    void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    @Test
    void theNoneRecipeOnlyNormalises() {
        NDArray images = randomImages(4, 1, 28);
        Normalization norm = new Normalization(new float[] {0.3f}, new float[] {0.2f});
        ViewAugmenter none = new ViewAugmenter(view("'recipe': 'none'"), norm);
        assertThat(none.transformCount()).isZero();
        NDArray expected = images.toType(DataType.FLOAT32, false).div(255f).sub(0.3f).div(0.2f);
        assertThat(maxDiff(none.apply(images, new SplittableRandom(1)), expected)).isLessThan(1e-6f);
    }

    @Test
    void aFlipWithoutCropReversesColumnsExactly() {
        NDArray images = randomImages(3, 3, 8);
        ViewAugmenter flip = new ViewAugmenter(view("'recipe': 'none', 'params': {'flip_prob': 1.0,"
                + " 'crop_ratio_min': 1.0, 'crop_ratio_max': 1.0}"), UNIT_RGB);
        NDArray expected = images.toType(DataType.FLOAT32, false).div(255f).flip(3);
        assertThat(maxDiff(flip.apply(images, new SplittableRandom(2)), expected)).isLessThan(1e-6f);
    }

    @Test
    void cropsInterpolateWithinTheImageAndKeepItsSize() {
        NDArray images = randomImages(16, 1, 28);
        ViewAugmenter crop = new ViewAugmenter(view("'recipe': 'none', 'params': {'crop_scale_min': 0.08,"
                + " 'crop_scale_max': 0.5}"), UNIT_GRAY);
        NDArray out = crop.apply(images, new SplittableRandom(3));
        assertThat(out.getShape()).isEqualTo(new Shape(16, 1, 28, 28));
        // Bilinear weights are convex: no value leaves [0, 1].
        assertThat(out.min().getFloat()).isGreaterThanOrEqualTo(0f);
        assertThat(out.max().getFloat()).isLessThanOrEqualTo(1f + 1e-6f);
        // A crop of a constant image is the same constant.
        NDArray constant = manager.full(new Shape(4, 1, 28, 28), (byte) 51, DataType.UINT8);
        assertThat(maxDiff(crop.apply(constant, new SplittableRandom(4)), manager.full(new Shape(4, 1, 28, 28), 0.2f)))
                .isLessThan(1e-6f);
    }

    @Test
    void aLocalViewIsASmallCropResizedToTheLocalSize() {
        NDArray images = randomImages(6, 3, 32);
        ViewAugmenter local = ViewAugmenter.local(view("'recipe': 'none'"), UNIT_RGB, 0.05, 0.4, 14);
        NDArray out = local.apply(images, new SplittableRandom(5));
        assertThat(out.getShape()).isEqualTo(new Shape(6, 3, 14, 14));
        assertThat(out.min().getFloat()).isGreaterThanOrEqualTo(0f);
        assertThat(out.max().getFloat()).isLessThanOrEqualTo(1f + 1e-6f);
        NDArray constant = manager.full(new Shape(2, 3, 32, 32), (byte) 51, DataType.UINT8);
        assertThat(maxDiff(local.apply(constant, new SplittableRandom(6)), manager.full(new Shape(2, 3, 14, 14), 0.2f)))
                .isLessThan(1e-6f);
    }

    @Test
    void theSameStreamGivesTheSameViewsAndAnotherStreamOthers() {
        NDArray images = randomImages(8, 3, 32);
        ViewAugmenter simclr = new ViewAugmenter(view("'recipe': 'simclr', 'params': {'blur_prob': 0.5,"
                + " 'solarize_prob': 0.2, 'erase_prob': 0.3}"), UNIT_RGB);
        assertThat(simclr.transformCount()).isEqualTo(6);
        NDArray a = simclr.apply(images, new SplittableRandom(7));
        NDArray b = simclr.apply(images, new SplittableRandom(7));
        NDArray c = simclr.apply(images, new SplittableRandom(8));
        assertThat(a.contentEquals(b)).isTrue();
        assertThat(maxDiff(a, c)).isGreaterThan(0.1f);
        assertThat(a.isNaN().any().getBoolean()).isFalse();
    }

    @Test
    void solarizationInvertsPixelsFromOneHalfUp() {
        NDArray x = manager.create(new float[] {0.1f, 0.5f, 0.9f, 0.49f}, new Shape(1, 1, 2, 2));
        NDArray out = new Solarize(1.0).apply(x, new SplittableRandom(1));
        assertThat(out.toFloatArray()).containsExactly(new float[] {0.1f, 0.5f, 0.1f, 0.49f}, within(1e-6f));
    }

    @Test
    void grayscaleGivesEveryChannelTheLuma() {
        NDArray x = manager.create(new float[] {1, 0, 0}, new Shape(1, 3, 1, 1));
        NDArray out = new Grayscale(1.0).apply(x, new SplittableRandom(1));
        assertThat(out.toFloatArray()).containsExactly(new float[] {0.299f, 0.299f, 0.299f},
                within(1e-6f));
    }

    @Test
    void brightnessScalesByAFactorWithinItsStrengthAndClamps() {
        NDArray x = manager.full(new Shape(64, 1, 2, 2), 0.5f);
        NDArray out = new ColorJitter(1.0, 0.4, 0, 0, 0).apply(x, new SplittableRandom(5));
        assertThat(out.min().getFloat()).isGreaterThanOrEqualTo(0.5f * 0.6f - 1e-6f);
        assertThat(out.max().getFloat()).isLessThanOrEqualTo(0.5f * 1.4f + 1e-6f);
        assertThat(out.max().sub(out.min()).getFloat()).isGreaterThan(0.1f);
    }

    @Test
    void blurKeepsAConstantImageAndSmoothsACheckerboard() {
        float[] checker = new float[8 * 8];
        for (int i = 0; i < checker.length; i++) {
            checker[i] = (i / 8 + i % 8) % 2;
        }
        NDArray x = manager.create(checker, new Shape(1, 1, 8, 8));
        GaussianBlur blur = new GaussianBlur(1.0, 1.0, 1.0);
        NDArray out = blur.apply(x, new SplittableRandom(1));
        assertThat(out.sub(0.5f).abs().max().getFloat()).isLessThan(0.3f);
        NDArray flat = manager.full(new Shape(1, 1, 8, 8), 0.7f);
        assertThat(maxDiff(blur.apply(flat, new SplittableRandom(1)), flat)).isLessThan(1e-6f);
        // Not applied: the identity, exactly.
        assertThat(maxDiff(new GaussianBlur(0.0, 1.0, 1.0).apply(x, new SplittableRandom(1)), x)).isZero();
    }

    @Test
    void erasingZeroesARectangleOfTheRequestedArea() {
        NDArray x = manager.ones(new Shape(32, 1, 20, 20));
        NDArray out = new RandomErasing(1.0, 0.1, 0.2).apply(x, new SplittableRandom(9));
        float[] erasedFraction = out.eq(0f).toType(DataType.FLOAT32, false).reshape(32, -1).mean(new int[] {1})
                .toFloatArray();
        for (float f : erasedFraction) {
            assertThat(f).isBetween(0.07f, 0.23f); // area 0.1..0.2 of 400 px, rounded to whole rows and columns
        }
    }

    @Test
    void noRecipeEverMirrorsAnImageOfADatasetWhoseFlipsChangeLabels() {
        for (Recipe recipe : Recipe.values()) {
            for (int view = 0; view < 2; view++) {
                assertThat(mirroredOver50Draws(recipe, view, new DatasetFacts(false)))
                        .as("%s view %d", recipe.id(), view + 1).isZero();
                if (recipe.viewDefaults(view, DatasetFacts.DEFAULT).getDouble("flip_prob") > 0) {
                    // The same reading sees the flips where the dataset allows them: the zero above is not blindness.
                    assertThat(mirroredOver50Draws(recipe, view, DatasetFacts.DEFAULT))
                            .as("%s view %d on a dataset whose flips keep labels", recipe.id(), view + 1).isGreaterThan(100);
                }
            }
        }
    }

    /**
     * Images of a left-to-right ramp through the view of the recipe resolved for a dataset with these facts:
     * how many came out darker on the right, i.e. mirrored. Crops, interpolation, jitter and normalisation
     * all keep a ramp rising; solarization folds it, so it is switched off here.
     */
    private int mirroredOver50Draws(Recipe recipe, int view, DatasetFacts facts) {
        RunSpec spec = TestSpecs.parse("{'dataset': 'x', 'method': {'name': 'simclr'}, 'epochs': 1, 'augmentation': {"
                + "'recipe': '" + recipe.id() + "', 'params': {'solarize_prob': 0}}}", facts);
        ViewAugmenter augmenter = new ViewAugmenter(view == 0 ? spec.augmentation().view1() : spec.augmentation().view2(),
                UNIT_GRAY);
        int side = 28;
        byte[] ramp = new byte[16 * side * side];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (byte) Math.round(i % side * 255.0 / (side - 1));
        }
        int mirrored = 0;
        try (NDManager draws = manager.newSubManager()) {
            NDArray images = draws.create(ramp, new Shape(16, 1, side, side)).toType(DataType.UINT8, false);
            for (int draw = 0; draw < 50; draw++) {
                NDArray out = augmenter.apply(images, new SplittableRandom(draw));
                float[] leftEdge = out.get(":, 0, :, 0").mean(new int[] {1}).toFloatArray();
                float[] rightEdge = out.get(":, 0, :, " + (side - 1)).mean(new int[] {1}).toFloatArray();
                for (int i = 0; i < leftEdge.length; i++) {
                    if (leftEdge[i] > rightEdge[i] + 1e-4f) {
                        mirrored++;
                    }
                }
            }
        }
        return mirrored;
    }

    private Params view(String augmentation) {
        return TestSpecs.parse("{'dataset': 'x', 'method': {'name': 'simclr'}, 'epochs': 1, 'augmentation': {"
                + augmentation + "}}").augmentation().view1();
    }

    private NDArray randomImages(int n, int channels, int side) {
        return manager.randomUniform(0, 256, new Shape(n, channels, side, side)).floor().toType(DataType.UINT8, false);
    }

    private static float maxDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }
}

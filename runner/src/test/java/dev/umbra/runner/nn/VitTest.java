package dev.umbra.runner.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.umbra.client.spec.Backbone;
import org.junit.jupiter.api.Test;

class VitTest {

    /** Patch embedding, blocks (attention 4D^2+4D, MLP 8D^2+5D, two norms 4D), final norm. */
    private static long expectedParameters(int channels) {
        long d = VitTiny.WIDTH;
        long p = VitTiny.PATCH_SIZE;
        long perBlock = 12 * d * d + 13 * d;
        return p * p * channels * d + d + VitTiny.DEPTH * perBlock + 2 * d;
    }

    @Test
    void vitTinyHasTheFormulasParameterCountAndTheUsualShapes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder gray = Networks.initialize(Backbones.create(Backbone.VIT_TINY), manager, new Shape(2, 1, 28, 28));
            Encoder rgb = Networks.initialize(Backbones.create(Backbone.VIT_TINY), manager, new Shape(2, 3, 32, 32));
            assertThat(Networks.parameterCount(gray)).isEqualTo(expectedParameters(1)).isEqualTo(2_672_832L);
            assertThat(Networks.parameterCount(rgb)).isEqualTo(expectedParameters(3)).isEqualTo(2_678_976L);
            assertThat(gray.featureDim()).isEqualTo(192);
            assertThat(gray.transformer()).isPresent();
            assertThat(Backbones.create(Backbone.CONVNET_S).transformer()).isEmpty();

            ParameterStore ps = new ParameterStore(manager, false);
            NDArray f = gray.forward(ps, new NDList(manager.randomNormal(new Shape(3, 1, 28, 28))), false).singletonOrThrow();
            assertThat(f.getShape()).isEqualTo(new Shape(3, 192));
            NDArray g = rgb.forward(ps, new NDList(manager.randomNormal(new Shape(3, 3, 32, 32))), false).singletonOrThrow();
            assertThat(g.getShape()).isEqualTo(new Shape(3, 192));
            assertThat(gray.featureMapShape(new Shape(1, 28, 28))).isEqualTo(new Shape(1, 192, 7, 7));
            assertThat(rgb.featureMapShape(new Shape(3, 32, 32))).isEqualTo(new Shape(1, 192, 8, 8));
            assertThat(gray.featureMap(ps, manager.randomNormal(new Shape(2, 1, 28, 28)), false).getShape())
                    .isEqualTo(new Shape(2, 192, 7, 7));

            // A DINO-style local crop: a 4x4 token grid through an encoder built for 8x8.
            NDArray crop = rgb.forward(ps, new NDList(manager.randomNormal(new Shape(2, 3, 16, 16))), false)
                    .singletonOrThrow();
            assertThat(crop.getShape()).isEqualTo(new Shape(2, 192));
            assertThat(crop.isInfinite().any().getBoolean() || crop.isNaN().any().getBoolean()).isFalse();
            assertThatThrownBy(() -> rgb.forward(ps, new NDList(manager.randomNormal(new Shape(1, 3, 18, 18))), false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("18x18");
        }
    }

    @Test
    void pooledFeaturesAreTheMeanOfTheFinalTokens() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = Networks.initialize(Backbones.create(Backbone.VIT_TINY), manager, new Shape(2, 1, 16, 16));
            VisionTransformer vit = encoder.transformer().orElseThrow();
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray images = manager.randomNormal(new Shape(2, 1, 16, 16));
            NDArray tokens = vit.encodeTokens(ps, vit.embed(ps, images, false), false);
            assertThat(tokens.getShape()).isEqualTo(new Shape(2, 16, 192));
            float[] expected = tokens.mean(new int[] {1}).toFloatArray();
            float[] pooled = encoder.forward(ps, new NDList(images), false).singletonOrThrow().toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(pooled[i]).isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    @Test
    void sineCosinePositionsAreMaesOnTheReferenceGridAndSpanItOnOthers() {
        float[] full = Transformers.sinCos2d(8, 4, 4, 4, 4);
        // Token (row 1, column 2), channel 0 = sin(row * 1), channel 4 = sin(column * 1), channel 5 = sin(col / 100).
        int base = (1 * 4 + 2) * 8;
        assertThat(full[base]).isCloseTo((float) Math.sin(1), within(1e-6f));
        assertThat(full[base + 2]).isCloseTo((float) Math.cos(1), within(1e-6f));
        assertThat(full[base + 4]).isCloseTo((float) Math.sin(2), within(1e-6f));
        assertThat(full[base + 5]).isCloseTo((float) Math.sin(2 / 100.0), within(1e-6f));
        // A 2x2 grid on a 4x4 reference: its tokens sit at 0.5 and 2.5.
        float[] coarse = Transformers.sinCos2d(8, 2, 2, 4, 4);
        assertThat(coarse[(1 * 2 + 1) * 8]).isCloseTo((float) Math.sin(2.5), within(1e-6f));
    }

    @Test
    void linearWeightsAreXavierUniformAndNormsStartAtOneAndZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = Networks.initialize(Backbones.create(Backbone.VIT_TINY), manager, new Shape(2, 1, 16, 16));
            double bound = Math.sqrt(6.0 / (192 + 768));
            encoder.getParameters().forEach(pair -> {
                String name = pair.getKey();
                NDArray a = pair.getValue().getArray();
                if (name.endsWith("fc1_weight")) {
                    assertThat(a.abs().max().getFloat()).isLessThanOrEqualTo((float) bound);
                    assertThat(a.abs().max().getFloat()).isGreaterThan((float) (0.9 * bound));
                } else if (name.contains("norm") && name.endsWith("gamma")) {
                    assertThat(a.sub(1).abs().max().getFloat()).as(name).isZero();
                } else if (name.endsWith("bias") || name.endsWith("beta")) {
                    assertThat(a.abs().max().getFloat()).as(name).isZero();
                }
            });
        }
    }
}

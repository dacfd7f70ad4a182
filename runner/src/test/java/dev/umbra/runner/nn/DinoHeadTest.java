package dev.umbra.runner.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;

class DinoHeadTest {

    @Test
    void thePaperHeadMapsFeaturesToTheBottleneckWithTheReferenceWidths() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block head = Networks.initialize(DinoHead.builder().build(), manager, new Shape(2, 128));
            NDArray out = head.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(5, 128))), true).singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(5, 256));
            // 128·2048 + 2048 + 2048·2048 + 2048 + 2048·256 + 256
            long expected = 128L * 2048 + 2048 + 2048L * 2048 + 2048 + 2048L * 256 + 256;
            assertThat(head.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum())
                    .isEqualTo(expected);
        }
    }

    @Test
    void linearsAreGeluSeparatedAndTruncatedNormalWithStd002AndZeroBiases() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(7);
            Block head = Networks.initialize(DinoHead.builder().build(), manager, new Shape(2, 128));
            List<Block> layers = ((SequentialBlock) head).getChildren().values();
            assertThat(layers).hasSize(5);
            assertThat(layers.get(0)).isInstanceOf(Linear.class);
            assertThat(layers.get(2)).isInstanceOf(Linear.class);
            assertThat(layers.get(4)).isInstanceOf(Linear.class);
            // GELU, not ReLU: the activation blocks map -1 to GELU(-1) = -0.1587.
            NDArray minusOne = manager.create(new float[] {-1f});
            for (Block activation : List.of(layers.get(1), layers.get(3))) {
                assertThat(activation).isInstanceOf(LambdaBlock.class);
                float y = activation.forward(new ParameterStore(manager, false), new NDList(minusOne), false)
                        .singletonOrThrow().getFloat();
                assertThat((double) y).isCloseTo(-0.158655, within(1e-3));
            }
            for (Pair<String, Parameter> p : head.getParameters()) {
                NDArray a = p.getValue().getArray();
                if (p.getValue().getType() == Parameter.Type.BIAS) {
                    assertThat(a.abs().max().getFloat()).as(p.getKey()).isZero();
                } else {
                    assertThat((double) std(a)).as(p.getKey()).isCloseTo(0.02, within(0.0005));
                    assertThat((double) a.mean().getFloat()).as(p.getKey()).isCloseTo(0, within(0.001));
                }
            }
        }
    }

    @Test
    void optionalBatchNormAfterHiddenLinearsAndLayerNormAtTheInput() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block head = Networks.initialize(DinoHead.builder().setHidden(16).setBottleneck(8).optBatchNorm(true)
                    .optInputNorm(true).build(), manager, new Shape(2, 7));
            List<Block> layers = ((SequentialBlock) head).getChildren().values();
            assertThat(layers).hasSize(8);
            assertThat(layers.get(0)).isInstanceOf(LayerNorm.class);
            assertThat(layers.get(2)).isInstanceOf(BatchNorm.class);
            assertThat(layers.get(5)).isInstanceOf(BatchNorm.class);
            // The input norm has no affine parameters: a shifted, scaled input gives the same output.
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(new Shape(6, 7));
            NDArray a = head.forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray b = head.forward(ps, new NDList(x.mul(3).add(5)), false).singletonOrThrow();
            assertThat(a.sub(b).abs().max().getFloat()).isLessThan(1e-4f);
        }
    }

    @Test
    void truncatedNormalRedrawsValuesOutsideItsAbsoluteBounds() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(3);
            NDArray w = new TruncatedNormal(1f, -0.5f, 0.5f).initialize(manager, new Shape(20000), DataType.FLOAT32);
            assertThat(w.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(w.abs().max().getFloat()).isLessThanOrEqualTo(0.5f);
            // A standard normal cut at ±0.5 has std sqrt(1 - 2·0.5·φ(0.5)/(2Φ(0.5) - 1)) = 0.2839.
            assertThat((double) std(w)).isCloseTo(0.2839, within(0.005));
            // The reference's bounds ±2 leave std 0.02 untouched.
            NDArray ref = TruncatedNormal.of(0.02f).initialize(manager, new Shape(20000), DataType.FLOAT32);
            assertThat((double) std(ref)).isCloseTo(0.02, within(0.0005));
        }
    }

    private static float std(NDArray a) {
        NDArray centred = a.sub(a.mean());
        return (float) Math.sqrt(centred.mul(centred).mean().getFloat());
    }
}

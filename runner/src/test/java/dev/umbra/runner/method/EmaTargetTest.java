package dev.umbra.runner.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmaTargetTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(7);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Block network() {
        Block block = new SequentialBlock()
                .add(Linear.builder().setUnits(5).build())
                .add(BatchNorm.builder().build())
                .add(Linear.builder().setUnits(3).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(4, 6));
        return block;
    }

    @Test
    void startsAsACopyAndMovesByTheEmaFormula() {
        Block online = network();
        Block target = network();
        EmaTarget ema = new EmaTarget(online, target);
        for (int i = 0; i < online.getParameters().size(); i++) {
            Parameter o = online.getParameters().get(i).getValue();
            if (o.requiresGradient()) {
                assertThat(target.getParameters().get(i).getValue().getArray().toFloatArray())
                        .containsExactly(o.getArray().toFloatArray());
            }
        }

        // Move the online network as an optimizer step would, then average.
        float[][] before = values(target);
        for (Parameter p : online.getParameters().values()) {
            if (p.requiresGradient()) {
                p.getArray().addi(p.getArray().getManager().randomNormal(p.getShape()).mul(0.1));
            }
        }
        float[][] onlineAfter = values(online);
        double m = 0.9;
        ema.update(m);
        float[][] after = values(target);
        int averaged = 0;
        for (int i = 0; i < after.length; i++) {
            boolean learns = online.getParameters().get(i).getValue().requiresGradient();
            for (int j = 0; j < after[i].length; j++) {
                double expected = learns ? m * before[i][j] + (1 - m) * onlineAfter[i][j] : before[i][j];
                assertThat((double) after[i][j]).isCloseTo(expected, within(1e-6));
            }
            averaged += learns ? 1 : 0;
        }
        assertThat(averaged).as("weights, biases, gamma, beta").isEqualTo(6);
        assertThat(target.getParameters().values()).noneMatch(Parameter::requiresGradient);
    }

    @Test
    void targetForwardPassesStillUpdateItsOwnBatchNormStatistics() {
        Block online = network();
        Block target = network();
        new EmaTarget(online, target);
        Parameter runningMean = target.getParameters().get("02BatchNorm_runningMean");
        float[] before = runningMean.getArray().toFloatArray();
        NDArray x = manager.randomNormal(new Shape(4, 6));
        target.forward(new ParameterStore(manager, false), new NDList(x), true);
        assertThat(runningMean.getArray().toFloatArray()).isNotEqualTo(before);
    }

    private static float[][] values(Block block) {
        return block.getParameters().values().stream().map(p -> p.getArray().toFloatArray()).toArray(float[][]::new);
    }
}

package dev.umbra.runner.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;

class SwavTest {

    private static final int PROTOTYPES = 12;
    private static final int DIM = 32;

    @Test
    void prototypesStayUnitRowsAndHoldStillWhileFrozen() {
        try (MethodHarness harness = new MethodHarness(MethodContractTest.spec("swav"))) {
            harness.step();
            // Normalised before every step; while frozen only weight decay touches them, which scales.
            float[][] before = unitRows(prototypes(harness));
            harness.step();
            float[][] frozen = unitRows(prototypes(harness));
            for (int r = 0; r < PROTOTYPES; r++) {
                for (int c = 0; c < DIM; c++) {
                    assertThat((double) frozen[r][c]).isCloseTo(before[r][c], within(1e-6));
                }
            }

            harness.epoch = 1; // past freeze_prototypes_epochs = 1
            harness.step();
            float[][] learning = unitRows(prototypes(harness));
            double moved = 0;
            for (int r = 0; r < PROTOTYPES; r++) {
                for (int c = 0; c < DIM; c++) {
                    moved += Math.abs(learning[r][c] - frozen[r][c]);
                }
            }
            assertThat(moved).as("prototypes learn after the frozen epochs").isGreaterThan(1e-4);
        }
    }

    private static NDArray prototypes(MethodHarness harness) {
        return harness.method.blocks().get("prototypes").getParameters().valueAt(0).getArray();
    }

    private static float[][] unitRows(NDArray weights) {
        float[] flat = weights.toFloatArray();
        float[][] rows = new float[PROTOTYPES][DIM];
        for (int r = 0; r < PROTOTYPES; r++) {
            double norm = 0;
            for (int c = 0; c < DIM; c++) {
                norm += flat[r * DIM + c] * flat[r * DIM + c];
            }
            for (int c = 0; c < DIM; c++) {
                rows[r][c] = (float) (flat[r * DIM + c] / Math.sqrt(norm));
            }
        }
        return rows;
    }
}

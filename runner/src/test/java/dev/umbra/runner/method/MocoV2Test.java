package dev.umbra.runner.method;

import static dev.umbra.runner.method.MethodHarness.assertEmaStep;
import static dev.umbra.runner.method.MethodHarness.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MocoV2Test {

    private static final int DIM = 32;

    @Test
    void momentumEncoderFollowsTheOnlineEncoder() {
        try (MethodHarness harness = new MethodHarness(MethodContractTest.spec("moco-v2", "\"momentum_base\": 0.5"))) {
            Map<String, Block> blocks = harness.method.blocks();
            harness.step();
            Map<String, float[]> encoderBefore = values(blocks.get("momentum_encoder"));
            Map<String, float[]> projectorBefore = values(blocks.get("momentum_projector"));
            double m = MomentumSchedule.of(harness.spec.method().params()).at(1, harness.totalSteps());
            float loss = harness.step();
            assertThat(loss).isFinite();
            assertEmaStep(blocks.get("momentum_encoder"), encoderBefore, harness.encoder, m);
            assertEmaStep(blocks.get("momentum_projector"), projectorBefore, blocks.get("projector"), m);
        }
    }

    @Test
    void keysFillTheQueueAsARingBuffer() {
        // queue 48, 2 x 16 keys a step: step 0 writes rows 0-31, step 1 rows 32-47 then 0-15.
        try (MethodHarness harness = new MethodHarness(MethodContractTest.spec("moco-v2"))) {
            NDArray queue = harness.method.buffers().get("queue");
            float[][] initial = rows(queue);
            harness.step();
            float[][] afterFirst = rows(queue);
            for (int r = 0; r < 48; r++) {
                assertThat(norm(afterFirst[r])).isCloseTo(1.0, within(1e-5));
                if (r < 32) {
                    assertThat(afterFirst[r]).as("row %d", r).isNotEqualTo(initial[r]);
                } else {
                    assertThat(afterFirst[r]).as("row %d", r).isEqualTo(initial[r]);
                }
            }
            harness.step();
            float[][] afterSecond = rows(queue);
            for (int r = 0; r < 48; r++) {
                if (r >= 16 && r < 32) {
                    assertThat(afterSecond[r]).as("row %d", r).isEqualTo(afterFirst[r]);
                } else {
                    assertThat(afterSecond[r]).as("row %d", r).isNotEqualTo(afterFirst[r]);
                }
            }
        }
    }

    private static float[][] rows(NDArray queue) {
        float[] flat = queue.toFloatArray();
        float[][] rows = new float[flat.length / DIM][DIM];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(flat, r * DIM, rows[r], 0, DIM);
        }
        return rows;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}

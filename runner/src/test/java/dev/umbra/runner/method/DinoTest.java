package dev.umbra.runner.method;

import static dev.umbra.runner.method.MethodHarness.assertEmaStep;
import static dev.umbra.runner.method.MethodHarness.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DinoTest {

    @Test
    void teacherFollowsTheStudentAndTheCentreFollowsTheTeacher() {
        try (MethodHarness harness = new MethodHarness(MethodContractTest.spec("dino", "\"momentum_base\": 0.5"))) {
            Map<String, Block> blocks = harness.method.blocks();
            NDArray center = harness.method.buffers().get("center");
            harness.step();
            float[] centerBefore = center.toFloatArray();
            Map<String, float[]> encoderBefore = values(blocks.get("teacher_encoder"));
            Map<String, float[]> headBefore = values(blocks.get("teacher_head"));
            Map<String, float[]> prototypesBefore = values(blocks.get("teacher_prototypes"));
            // The teacher's logits for this step, computed here the way the method defines them.
            float[] t1 = teacherLogits(harness, blocks, harness.view1);
            float[] t2 = teacherLogits(harness, blocks, harness.view2);
            double m = MomentumSchedule.of(harness.spec.method().params()).at(1, harness.totalSteps());

            assertThat(harness.step()).isFinite();

            assertEmaStep(blocks.get("teacher_encoder"), encoderBefore, harness.encoder, m);
            assertEmaStep(blocks.get("teacher_head"), headBefore, blocks.get("head"), m);
            assertEmaStep(blocks.get("teacher_prototypes"), prototypesBefore, blocks.get("prototypes"), m);
            int k = centerBefore.length;
            int rows = t1.length / k;
            float[] centerAfter = center.toFloatArray();
            for (int j = 0; j < k; j++) {
                double mean = 0;
                for (int r = 0; r < rows; r++) {
                    mean += (t1[r * k + j] + t2[r * k + j]) / (2.0 * rows);
                }
                assertThat((double) centerAfter[j]).isCloseTo(0.9 * centerBefore[j] + 0.1 * mean, within(1e-6));
            }
        }
    }

    private static float[] teacherLogits(MethodHarness harness, Map<String, Block> blocks, NDArray view) {
        NDArray features = blocks.get("teacher_encoder").forward(harness.parameterStore, new NDList(view), true)
                .singletonOrThrow();
        NDArray z = blocks.get("teacher_head").forward(harness.parameterStore, new NDList(features), true)
                .singletonOrThrow().normalize(2, 1);
        NDArray w = blocks.get("teacher_prototypes").getParameters().valueAt(0).getArray().normalize(2, 1);
        return z.matMul(w.transpose()).toFloatArray();
    }
}

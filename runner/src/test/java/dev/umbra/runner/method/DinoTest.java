package dev.umbra.runner.method;

import static dev.umbra.runner.method.MethodHarness.assertEmaStep;
import static dev.umbra.runner.method.MethodHarness.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.ndarray.types.Shape;
import dev.umbra.client.spec.Params;
import dev.umbra.runner.loss.DinoLoss;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void multiCropFeedsEveryViewToTheStudentAndOnlyTheGlobalOnesToTheTeacher() {
        String spec = MethodContractTest.spec("dino", "\"local_crops\": 3", "\"local_crop_size\": 8");
        try (MethodHarness harness = new MethodHarness(spec)) {
            assertThat(harness.method.localViews()).isEqualTo(new LocalViews(3, 8, 0.05, 0.4));
            assertThat(harness.localViews).hasSize(3)
                    .allMatch(v -> v.getShape().equals(new Shape(MethodHarness.BATCH, 1, 8, 8)));
            harness.step(); // a non-zero centre from here on
            Map<String, Block> blocks = harness.method.blocks();
            NDArray center = harness.method.buffers().get("center").duplicate();
            List<NDArray> students = new ArrayList<>();
            for (NDArray view : List.of(harness.view1, harness.view2, harness.localViews.get(0),
                    harness.localViews.get(1), harness.localViews.get(2))) {
                students.add(logits(harness, harness.encoder, blocks.get("head"), blocks.get("prototypes"), view));
            }
            List<NDArray> teachers = new ArrayList<>();
            for (NDArray view : List.of(harness.view1, harness.view2)) {
                teachers.add(logits(harness, blocks.get("teacher_encoder"), blocks.get("teacher_head"),
                        blocks.get("teacher_prototypes"), view));
            }
            // 2 teacher views x 4 other student views: the paper's pairwise average.
            double expected = DinoLoss.loss(students, teachers, center, 0.1, 0.04).getFloat();

            assertThat((double) harness.step()).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void localCropSizeDefaultsToThePapersRatioOfTheImageSide() {
        try (MethodHarness harness = new MethodHarness(MethodContractTest.spec("dino", "\"local_crops\": 6"))) {
            Params p = harness.spec.method().params();
            assertThat(harness.method.localViews()).isEqualTo(new LocalViews(6, 7, 0.05, 0.4)); // 16 px images
            assertThat(Dino.localViews(p, new Shape(1, 28, 28), 1)).isEqualTo(new LocalViews(6, 12, 0.05, 0.4));
            assertThat(Dino.localViews(p, new Shape(3, 32, 32), 1)).isEqualTo(new LocalViews(6, 14, 0.05, 0.4));
            // whole patches of a transformer with 4-pixel patches
            assertThat(Dino.localViews(p, new Shape(1, 28, 28), 4)).isEqualTo(new LocalViews(6, 12, 0.05, 0.4));
            assertThat(Dino.localViews(p, new Shape(3, 32, 32), 4)).isEqualTo(new LocalViews(6, 12, 0.05, 0.4));
        }
    }

    @Test
    void teacherTemperatureWarmsUpLinearlyInSteps() {
        String spec = MethodContractTest.spec("dino", "\"teacher_temperature_warmup\": 0.04",
                "\"teacher_temperature\": 0.07", "\"teacher_temperature_warmup_steps\": 10");
        try (MethodHarness harness = new MethodHarness(spec)) {
            Dino dino = (Dino) harness.method;
            assertThat(dino.teacherTemperature(at(0))).isCloseTo(0.04, within(1e-12));
            assertThat(dino.teacherTemperature(at(5))).isCloseTo(0.055, within(1e-12));
            assertThat(dino.teacherTemperature(at(10))).isCloseTo(0.07, within(1e-12));
            assertThat(dino.teacherTemperature(at(500))).isCloseTo(0.07, within(1e-12));
        }
    }

    private static TrainingStep at(long globalStep) {
        return new TrainingStep(null, null, null, 0, 0, globalStep, 1000, 1);
    }

    private static NDArray logits(MethodHarness harness, Block encoder, Block head, Block prototypes, NDArray view) {
        NDArray features = encoder.forward(harness.parameterStore, new NDList(view), true).singletonOrThrow();
        NDArray z = head.forward(harness.parameterStore, new NDList(features), true).singletonOrThrow().normalize(2, 1);
        NDArray w = prototypes.getParameters().valueAt(0).getArray().normalize(2, 1);
        return z.matMul(w.transpose());
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

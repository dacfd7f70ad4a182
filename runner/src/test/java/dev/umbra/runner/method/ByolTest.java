package dev.umbra.runner.method;

import static dev.umbra.runner.method.MethodHarness.assertEmaStep;
import static dev.umbra.runner.method.MethodHarness.values;

import ai.djl.nn.Block;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ByolTest {

    @Test
    void targetFollowsTheOnlineNetworkByTheScheduledMomentum() {
        // momentum 0.5 -> 0.9: a large, easily checked step; the schedule gives 0.5 at step 0.
        try (MethodHarness harness = new MethodHarness(
                MethodContractTest.spec("byol", "\"momentum_base\": 0.5", "\"momentum_final\": 0.9"))) {
            Map<String, Block> blocks = harness.method.blocks();
            Map<String, float[]> encoderBefore = values(blocks.get("target_encoder"));
            Map<String, float[]> projectorBefore = values(blocks.get("target_projector"));
            harness.step();
            assertEmaStep(blocks.get("target_encoder"), encoderBefore, harness.encoder, 0.5);
            assertEmaStep(blocks.get("target_projector"), projectorBefore, blocks.get("projector"), 0.5);

            // Step 1 of 12: 0.9 - 0.4 * (cos(pi / 12) + 1) / 2
            double m = 0.9 - 0.4 * (Math.cos(Math.PI / 12) + 1) / 2;
            encoderBefore = values(blocks.get("target_encoder"));
            harness.step();
            assertEmaStep(blocks.get("target_encoder"), encoderBefore, harness.encoder, m);
        }
    }
}

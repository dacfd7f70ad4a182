package dev.umbra.runner.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every method of the zoo must do, on a tiny batch with narrow heads. */
class MethodContractTest {

    /**
     * A spec for {@code method} with narrow heads (which keep the suite fast) and {@code extraParams}
     * (JSON members such as {@code "momentum_base": 0.5}); every other parameter is the default.
     */
    static String spec(String method, String... extraParams) {
        String narrow = switch (method) {
            case "moco-v2" -> "\"proj_hidden_dim\": 64, \"proj_output_dim\": 32, \"queue_size\": 48";
            case "byol" -> "\"proj_hidden_dim\": 64, \"proj_output_dim\": 32, \"pred_hidden_dim\": 64";
            case "simsiam" -> "\"proj_hidden_dim\": 64, \"proj_output_dim\": 32, \"pred_hidden_dim\": 16";
            case "barlow-twins", "vicreg" -> "\"proj_hidden_dim\": 64, \"proj_output_dim\": 64";
            case "swav" -> "\"proj_hidden_dim\": 64, \"proj_output_dim\": 32, \"num_prototypes\": 12";
            case "dino" -> "\"proj_hidden_dim\": 64, \"proj_bottleneck_dim\": 32, \"num_prototypes\": 48";
            default -> "";
        };
        List<String> members = new ArrayList<>(List.of(extraParams));
        if (!narrow.isEmpty()) {
            members.add(0, narrow);
        }
        return "{\"method\": {\"name\": \"" + method + "\", \"params\": {" + String.join(", ", members) + "}}}";
    }

    /**
     * MoCo and DINO are left out: on one repeated batch MoCo's queue soon holds the very keys it is
     * matched against, and DINO's target moves with its centre; their tests check the EMA instead.
     */
    @ParameterizedTest
    @ValueSource(strings = {"byol", "vicreg", "barlow-twins", "simsiam", "swav", "mae", "dae"})
    void lossIsFiniteAndFallsOnAFixedBatch(String method) {
        try (MethodHarness harness = new MethodHarness(spec(method))) {
            List<Float> losses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                losses.add(harness.step());
            }
            assertThat(losses).allMatch(Float::isFinite);
            float first = losses.get(0);
            float last = (losses.get(3) + losses.get(4)) / 2;
            assertThat(last).as("%s losses %s", method, losses).isLessThan(first);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"byol", "vicreg", "barlow-twins", "moco-v2", "simsiam", "swav", "dino", "mae", "dae"})
    void stateSurvivesACheckpointAndTrainingContinuesExactly(String method, @TempDir Path dir) {
        assertResumesExactly(spec(method), dir);
    }

    @Test
    void dinoWithLocalCropsResumesExactly(@TempDir Path dir) {
        assertResumesExactly(spec("dino", "\"local_crops\": 2", "\"local_crop_size\": 8"), dir);
    }

    private static void assertResumesExactly(String spec, Path dir) {
        float uninterrupted;
        Map<String, float[]> expected;
        Path file;
        try (MethodHarness harness = new MethodHarness(spec)) {
            harness.step();
            file = harness.checkpoint(dir);
            uninterrupted = harness.step();
            expected = harness.snapshot();
        }
        try (MethodHarness resumed = new MethodHarness(spec)) {
            // Two steps move weights, optimizer state and buffers past the checkpoint (one step would
            // reproduce it exactly): only restoring every array can bring them back.
            resumed.step();
            resumed.step();
            resumed.restore(file);
            assertThat(resumed.step()).isEqualTo(uninterrupted);
            // Every block, target, buffer and optimizer state after the step, bit for bit.
            Map<String, float[]> actual = resumed.snapshot();
            assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
            expected.forEach((name, values) -> assertThat(actual.get(name)).as(name).containsExactly(values));
        }
    }

    /** The ViT keeps the Encoder contract: every training method takes steps on it without a change. */
    @ParameterizedTest
    @ValueSource(strings = {"simclr", "moco-v2", "byol", "simsiam", "barlow-twins", "vicreg", "swav", "dino", "dae",
            "mae", "supervised"})
    void everyTrainingMethodTrainsVitTiny(String method) {
        try (MethodHarness harness = new MethodHarness(spec(method).replaceFirst("\\{", "{\"backbone\": \"vit-tiny\", "))) {
            assertThat(harness.encoder.transformer()).isPresent();
            Map<String, float[]> before = MethodHarness.values(harness.encoder);
            assertThat(List.of(harness.step(), harness.step())).allMatch(Float::isFinite);
            Map<String, float[]> after = MethodHarness.values(harness.encoder);
            assertThat(after.keySet()).anyMatch(name -> !Arrays.equals(after.get(name), before.get(name)));
        }
    }

    /** DINO's smaller local crops go through the ViT too: its positions are resampled to their grid. */
    @Test
    void dinoWithLocalCropsTrainsVitTiny() {
        String spec = spec("dino", "\"local_crops\": 2").replaceFirst("\\{", "{\"backbone\": \"vit-tiny\", ");
        try (MethodHarness harness = new MethodHarness(spec)) {
            assertThat(harness.localViews).hasSize(2);
            assertThat(List.of(harness.step(), harness.step())).allMatch(Float::isFinite);
        }
    }
}

package dev.umbra.runner.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaeTest {

    @Test
    void masksExactlyTheRatioOfPatchesInEveryImage() {
        try (MethodHarness harness = new MethodHarness(MethodContractTest.spec("mae"))) {
            Mae mae = (Mae) harness.method;
            float[] mask = mae.randomMask(5, 49, new SplittableRandom(3));
            for (int b = 0; b < 5; b++) {
                int masked = 0;
                for (int i = 0; i < 49; i++) {
                    assertThat(mask[b * 49 + i]).isIn(0f, 1f);
                    masked += (int) mask[b * 49 + i];
                }
                assertThat(masked).isEqualTo(37); // round(49 * 0.75)
            }
            assertThat(mae.randomMask(5, 49, new SplittableRandom(3))).as("same stream, same mask")
                    .containsExactly(mask);
            assertThat(mae.randomMask(5, 49, new SplittableRandom(4))).isNotEqualTo(mask);
        }
    }

    @Test
    void rejectsAPatchSizeThatDoesNotDivideTheImage() {
        assertThatThrownBy(() -> new MethodHarness(MethodContractTest.spec("mae", "\"patch_size\": 3")).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patch_size 3 does not divide the 16x16 images");
    }
}

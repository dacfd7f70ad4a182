package dev.umbra.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.umbra.client.spec.RunSpec.LrSchedule;
import dev.umbra.client.spec.RunSpec.ScheduleSpec;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void warmsUpLinearlyThenFollowsTheCosineToTheFloor() {
        // 10 steps/epoch x 3 epochs, 1 warmup epoch: steps 0..9 warm up, 10..29 anneal.
        LearningRateSchedule s = new LearningRateSchedule(new ScheduleSpec(LrSchedule.COSINE, 1, 0.1), 2.0, 10, 3);
        assertThat(s.at(0)).isCloseTo(0.2, within(1e-12));
        assertThat(s.at(9)).isCloseTo(2.0, within(1e-12));
        assertThat(s.at(10)).isCloseTo(2.0, within(1e-12));
        assertThat(s.at(19)).isCloseTo(0.2 + 1.8 * 0.5 * (1 + Math.cos(Math.PI * 9 / 19.0)), within(1e-12));
        assertThat(s.at(29)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void constantStaysAtThePeakAfterWarmup() {
        LearningRateSchedule s = new LearningRateSchedule(new ScheduleSpec(LrSchedule.CONSTANT, 0, 0), 0.5, 4, 2);
        assertThat(s.at(0)).isEqualTo(0.5);
        assertThat(s.at(7)).isEqualTo(0.5);
    }
}

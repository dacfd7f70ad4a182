package dev.umbra.runner.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MomentumScheduleTest {

    private final MomentumSchedule schedule = new MomentumSchedule(0.99, 1.0);

    @Test
    void startsAtBaseEndsAtFinalAndIsHalfwayAtTheMiddle() {
        assertThat(schedule.at(0, 100)).isCloseTo(0.99, within(1e-12));
        assertThat(schedule.at(50, 100)).isCloseTo(0.995, within(1e-12));
        assertThat(schedule.at(100, 100)).isCloseTo(1.0, within(1e-12));
        assertThat(schedule.at(250, 100)).as("held at the end").isCloseTo(1.0, within(1e-12));
    }

    @Test
    void followsTheCosineInBetween() {
        // a quarter of the way: 1 - 0.01 * (cos(pi / 4) + 1) / 2
        assertThat(schedule.at(25, 100)).isCloseTo(1 - 0.01 * (Math.sqrt(0.5) + 1) / 2, within(1e-12));
    }

    @Test
    void rejectsMomentumOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new MomentumSchedule(1.5, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}

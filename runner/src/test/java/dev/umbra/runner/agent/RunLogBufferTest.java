package dev.umbra.runner.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunLogBufferTest {

    @Test
    void linesStayUntilAcknowledgedAndKeepTheirNumbers() {
        RunLogBuffer log = new RunLogBuffer();
        log.add("a");
        log.add("b");
        RunLogBuffer.Batch first = log.pending(10);
        assertThat(first).isEqualTo(new RunLogBuffer.Batch(0, List.of("a", "b")));
        log.add("c");
        // Not acknowledged (the heartbeat failed): the same lines come again, with the new one.
        assertThat(log.pending(10)).isEqualTo(new RunLogBuffer.Batch(0, List.of("a", "b", "c")));
        log.acknowledged(first);
        assertThat(log.pending(10)).isEqualTo(new RunLogBuffer.Batch(2, List.of("c")));
        log.acknowledged(first); // a late duplicate acknowledgement drops nothing more
        assertThat(log.pending(1)).isEqualTo(new RunLogBuffer.Batch(2, List.of("c")));
        assertThat(log.tail()).isEqualTo("a\nb\nc");
    }

    @Test
    void pastTheBoundTheOldestUnsentLinesGoAndTheNumbersShowTheGap() {
        RunLogBuffer log = new RunLogBuffer();
        for (int i = 0; i < RunLogBuffer.MAX_PENDING + 5; i++) {
            log.add("line " + i);
        }
        RunLogBuffer.Batch batch = log.pending(2);
        assertThat(batch).isEqualTo(new RunLogBuffer.Batch(5, List.of("line 5", "line 6")));
        assertThat(log.tail().lines()).hasSize(RunLogBuffer.TAIL_LINES).last().isEqualTo("line " + (RunLogBuffer.MAX_PENDING + 4));
    }
}

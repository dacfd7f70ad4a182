package dev.umbra.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueStatsTest {

    @Test
    void estimatedWaitIsRoundsOfTheMeanRunDurationPerLiveRunner() {
        Duration mean = Duration.ofMinutes(10);
        assertThat(QueueStats.estimatedWait(1, 2, mean)).isEqualTo(Duration.ofMinutes(10));
        assertThat(QueueStats.estimatedWait(2, 2, mean)).isEqualTo(Duration.ofMinutes(10));
        assertThat(QueueStats.estimatedWait(3, 2, mean)).isEqualTo(Duration.ofMinutes(20));
        assertThat(QueueStats.estimatedWait(3, 0, mean)).isNull();
    }

    @Test
    void snapshotListsQueuedRunsInClaimOrderWithStatesAndRunners() throws Exception {
        TestDatabase.clear();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        long team = TestDatabase.defaultTeam();
        long experiment = TestDatabase.experiment(team);
        long dataset = TestDatabase.dataset(team);
        long low = TestDatabase.run(team, experiment, dataset, 0, 0, new String[0], clock.instant());
        long high = TestDatabase.run(team, experiment, dataset, 3, 0, new String[0], clock.instant().plusSeconds(1));
        long running = TestDatabase.run(team, experiment, dataset, 9, 0, new String[0], clock.instant());
        QueueSettings settings = QueueSettings.defaults();
        long runner = new RunnerRegistry(TestDatabase.dataSource(), clock)
                .register("r", "1", "h", new RunnerCapabilities(0, 0, List.of()), TestDatabase.token()).orElseThrow();
        new RunQueue(TestDatabase.dataSource(), clock, settings).claim(runner, new RunnerCapabilities(0, 0, List.of()));
        clock.advance(Duration.ofMinutes(1));

        QueueStats.Snapshot snapshot = new QueueStats(TestDatabase.dataSource(), clock, settings).snapshot(100);

        assertThat(snapshot.queued()).extracting(QueueStats.QueuedRun::runId).containsExactly(high, low);
        assertThat(snapshot.queued()).extracting(QueueStats.QueuedRun::position).containsExactly(1, 2);
        assertThat(snapshot.runsByState()).containsEntry(QueueStats.State.QUEUED, 2L).containsEntry(QueueStats.State.LEASED, 1L);
        assertThat(snapshot.liveRunners()).isEqualTo(1);
        assertThat(snapshot.busyRunners()).isEqualTo(1);
        assertThat(snapshot.oldestQueuedAge()).isEqualTo(Duration.ofMinutes(1));
        assertThat(snapshot.queued().get(1).estimatedWait()).isEqualTo(Duration.ofMinutes(10)); // 2 rounds x 5 min default
        assertThat(running).isPositive();
    }
}

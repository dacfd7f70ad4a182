package dev.umbra.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
                .register("r", "1", "h", new RunnerCapabilities(0, 0, List.of()), TestDatabase.token());
        new RunQueue(TestDatabase.dataSource(), clock, settings).claim(runner, new RunnerCapabilities(0, 0, List.of()));
        clock.advance(Duration.ofMinutes(1));

        QueueStats.Snapshot snapshot = new QueueStats(TestDatabase.dataSource(), clock, settings).snapshot(100, Optional.empty());

        assertThat(snapshot.queued()).extracting(QueueStats.QueuedRun::runId).containsExactly(high, low);
        assertThat(snapshot.queued()).extracting(QueueStats.QueuedRun::position).containsExactly(1, 2);
        assertThat(snapshot.runsByState()).containsEntry(QueueStats.State.QUEUED, 2L).containsEntry(QueueStats.State.LEASED, 1L);
        assertThat(snapshot.liveRunners()).isEqualTo(1);
        assertThat(snapshot.busyRunners()).isEqualTo(1);
        assertThat(snapshot.oldestQueuedAge()).isEqualTo(Duration.ofMinutes(1));
        assertThat(snapshot.queued().get(1).estimatedWait()).isEqualTo(Duration.ofMinutes(10)); // 2 rounds x 5 min default
        assertThat(running).isPositive();
    }

    @Test
    void aTeamSeesOnlyItsRunsItsRunnersAndThePlatformsWithoutOtherTeamsRunIds() throws Exception {
        TestDatabase.clear();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        long mine = TestDatabase.defaultTeam();
        long other = TestDatabase.team("other");
        long otherRun = TestDatabase.run(other, TestDatabase.experiment(other), TestDatabase.dataset(other), 5, 0,
                new String[0], clock.instant());
        long otherQueued = TestDatabase.run(other, TestDatabase.experiment(other), TestDatabase.dataset(other), 5, 0,
                new String[0], clock.instant());
        long myRun = TestDatabase.run(mine, TestDatabase.experiment(mine), TestDatabase.dataset(mine), 0, 0,
                new String[0], clock.instant());
        QueueSettings settings = QueueSettings.defaults();
        RunnerRegistry registry = new RunnerRegistry(TestDatabase.dataSource(), clock);
        RunnerCapabilities cpu = new RunnerCapabilities(0, 0, List.of());
        long shared = registry.register("pool", "1", "h", cpu, TestDatabase.token());
        registry.register("theirs", "1", "h", cpu, TestDatabase.teamToken(other));
        long own = registry.register("ours", "1", "h", cpu, TestDatabase.teamToken(mine));
        new RunQueue(TestDatabase.dataSource(), clock, settings).claim(shared, cpu);

        QueueStats stats = new QueueStats(TestDatabase.dataSource(), clock, settings);
        QueueStats.Snapshot snapshot = stats.snapshot(100, Optional.of(mine));

        assertThat(snapshot.queued()).extracting(QueueStats.QueuedRun::runId).containsExactly(myRun);
        assertThat(snapshot.queued().get(0).position()).isEqualTo(1);
        assertThat(snapshot.runsByState()).containsEntry(QueueStats.State.QUEUED, 1L).containsEntry(QueueStats.State.LEASED, 0L);
        List<QueueStats.RunnerLoad> runners = stats.runners(Optional.of(mine));
        assertThat(runners).extracting(QueueStats.RunnerLoad::id).containsExactlyInAnyOrder(shared, own);
        QueueStats.RunnerLoad pool = runners.stream().filter(r -> r.id() == shared).findFirst().orElseThrow();
        assertThat(pool.busy()).isTrue();
        assertThat(pool.shared()).isTrue();
        assertThat(pool.currentRunId()).as("another team's run id stays hidden").isNull();
        assertThat(stats.runners(Optional.of(other))).extracting(QueueStats.RunnerLoad::currentRunId).contains(otherRun);
        assertThat(otherQueued).isPositive();
    }
}

package dev.umbra.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunQueueTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] NO_LABELS = {};
    private static final RunnerCapabilities CPU = new RunnerCapabilities(0, 0, List.of());

    private final MutableClock clock = new MutableClock(T0);
    private final QueueSettings settings = new QueueSettings(Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ofSeconds(30));
    private RunQueue queue;
    private long team;
    private long experiment;
    private long dataset;
    private long runner;

    @BeforeEach
    void setUp() throws Exception {
        TestDatabase.clear();
        queue = new RunQueue(TestDatabase.dataSource(), clock, settings);
        team = TestDatabase.defaultTeam();
        experiment = TestDatabase.experiment(team);
        dataset = TestDatabase.dataset(team);
        runner = new RunnerRegistry(TestDatabase.dataSource(), clock)
                .register("r1", "1", "host", CPU, TestDatabase.token());
    }

    private long queued(int priority) throws Exception {
        clock.advance(Duration.ofSeconds(1)); // distinct ages
        return TestDatabase.run(team, experiment, dataset, priority, 0, NO_LABELS, clock.instant());
    }

    @Test
    void claimTakesTheHighestPriorityThenTheOldest() throws Exception {
        long oldLow = queued(0);
        long high = queued(5);
        long newLow = queued(0);

        assertThat(queue.claim(runner, CPU).map(Lease::runId)).contains(high);
        assertThat(queue.claim(runner, CPU).map(Lease::runId)).contains(oldLow);
        assertThat(queue.claim(runner, CPU).map(Lease::runId)).contains(newLow);
        assertThat(queue.claim(runner, CPU)).isEmpty();
    }

    @Test
    void aClaimForOneRunTakesThatRunOnlyAndOnlyWhileItIsClaimable() throws Exception {
        long high = queued(9);
        long target = queued(0);
        long gpuRun = TestDatabase.run(team, experiment, dataset, 0, 1, NO_LABELS, clock.instant());
        long otherTeam = TestDatabase.team("other");
        long theirs = TestDatabase.run(otherTeam, TestDatabase.experiment(otherTeam), TestDatabase.dataset(otherTeam), 0, 0,
                NO_LABELS, clock.instant());
        long teamRunner = new RunnerRegistry(TestDatabase.dataSource(), clock)
                .register("ours", "1", "host", CPU, TestDatabase.teamToken(team));

        assertThat(queue.claimRun(runner, CPU, target).map(Lease::runId)).contains(target);
        assertThat(queue.claimRun(runner, CPU, target)).as("already leased").isEmpty();
        assertThat(queue.claimRun(runner, CPU, gpuRun)).as("asks for a GPU").isEmpty();
        assertThat(queue.claimRun(teamRunner, CPU, theirs)).as("another team's run").isEmpty();
        assertThat(TestDatabase.status(high)).isEqualTo("QUEUED");
        assertThat(queue.claimRun(runner, CPU, theirs).map(Lease::runId)).as("a platform runner serves every team")
                .contains(theirs);
    }

    @Test
    void claimLeasesWithTheNextAttemptAndALease() throws Exception {
        long run = queued(0);

        Lease lease = queue.claim(runner, CPU).orElseThrow();

        assertThat(lease).isEqualTo(new Lease(run, 1, clock.instant().plus(settings.lease())));
        assertThat(TestDatabase.status(run)).isEqualTo("LEASED");
        assertThat(TestDatabase.string("SELECT current_run_id FROM runner WHERE id = " + runner)).isEqualTo(String.valueOf(run));
    }

    @Test
    void aClaimRecordsTheRunnersContactInTheSameStatementAndAnEmptyOneKeepsItsRun() throws Exception {
        long run = queued(0);
        queue.claim(runner, CPU).orElseThrow();
        clock.advance(Duration.ofSeconds(3));

        assertThat(queue.claim(runner, CPU)).isEmpty();

        assertThat(TestDatabase.string("SELECT current_run_id FROM runner WHERE id = " + runner)).isEqualTo(String.valueOf(run));
        assertThat(TestDatabase.string("SELECT extract(epoch FROM last_heartbeat_at)::bigint FROM runner WHERE id = " + runner))
                .isEqualTo(String.valueOf(clock.instant().getEpochSecond()));
    }

    @Test
    void fairShareAmongThreeTeamsGoesByActiveRunsBeforeAge() throws Exception {
        long busy = team;
        long quiet = TestDatabase.team("quiet");
        long idle = TestDatabase.team("idle");
        long busyActive = queued(0);
        long quietActive = TestDatabase.run(quiet, TestDatabase.experiment(quiet), dataset, 0, 0, NO_LABELS, clock.instant());
        assertThat(queue.claimRun(runner, CPU, busyActive)).isPresent();
        assertThat(queue.claimRun(runner, CPU, quietActive)).isPresent();
        long busySecond = queued(0);
        assertThat(queue.claimRun(runner, CPU, TestDatabase.run(busy, experiment, dataset, 0, 0, NO_LABELS, clock.instant())))
                .isPresent();
        clock.advance(Duration.ofSeconds(1));
        long quietQueued = TestDatabase.run(quiet, TestDatabase.experiment(quiet), dataset, 0, 0, NO_LABELS, clock.instant());
        clock.advance(Duration.ofSeconds(1));
        long idleQueued = TestDatabase.run(idle, TestDatabase.experiment(idle), dataset, 0, 0, NO_LABELS, clock.instant());

        // Active runs: busy 2, quiet 1, idle 0; the youngest run (idle's) goes first, the oldest last.
        assertThat(queue.claim(runner, CPU).map(Lease::runId)).contains(idleQueued);
        // Now busy has two active runs, quiet one: quiet's younger run goes before busy's older one.
        assertThat(queue.claim(runner, CPU).map(Lease::runId)).contains(quietQueued);
        assertThat(queue.claim(runner, CPU).map(Lease::runId)).contains(busySecond);
    }

    @Test
    void whatAClaimReadsWithItsLeaseCommitsOrRollsBackWithIt() throws Exception {
        long run = queued(0);

        assertThatThrownBy(() -> queue.claim(List.of(runner), CPU, (c, leases) -> {
            throw new java.sql.SQLException("the assignment could not be read");
        })).isInstanceOf(QueueException.class);
        assertThat(TestDatabase.status(run)).isEqualTo("QUEUED");
        assertThat(TestDatabase.string("SELECT attempt FROM run WHERE id = " + run)).isEqualTo("0");

        List<Optional<String>> seen = queue.claim(List.of(runner), CPU, (c, leases) -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT status FROM run WHERE id = " + leases.get(0).runId())) {
                rs.next();
                return List.of(rs.getString(1));
            }
        });
        assertThat(seen).containsExactly(Optional.of("LEASED"));
        assertThat(TestDatabase.string("SELECT attempt FROM run WHERE id = " + run)).isEqualTo("1");
    }

    /**
     * Three teams (one with an active run), two priorities: returns the queued runs, in the order
     * they were created, and the token whose runners claim them.
     */
    private List<Long> threeTeamsWithMixedPriorities() throws Exception {
        long quiet = TestDatabase.team("quiet");
        long idle = TestDatabase.team("idle");
        long quietExperiment = TestDatabase.experiment(quiet);
        long idleExperiment = TestDatabase.experiment(idle);
        assertThat(queue.claimRun(runner, CPU, queued(0))).as("the default team's active run").isPresent();
        List<Long> runs = new java.util.ArrayList<>();
        runs.add(queued(5));
        runs.add(queued(0));
        clock.advance(Duration.ofSeconds(1));
        runs.add(TestDatabase.run(quiet, quietExperiment, dataset, 0, 0, NO_LABELS, clock.instant()));
        runs.add(queued(5));
        clock.advance(Duration.ofSeconds(1));
        runs.add(TestDatabase.run(quiet, quietExperiment, dataset, 5, 0, NO_LABELS, clock.instant()));
        clock.advance(Duration.ofSeconds(1));
        runs.add(TestDatabase.run(idle, idleExperiment, dataset, 0, 0, NO_LABELS, clock.instant()));
        runs.add(queued(0));
        clock.advance(Duration.ofSeconds(1));
        runs.add(TestDatabase.run(quiet, quietExperiment, dataset, 0, 0, NO_LABELS, clock.instant()));
        return runs;
    }

    @Test
    void oneStatementForSeveralRunnersLeasesWhatTheirClaimsOneAfterAnotherWould() throws Exception {
        List<Long> runs = threeTeamsWithMixedPriorities();
        List<Integer> oneAfterAnother = new java.util.ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            oneAfterAnother.add(runs.indexOf(queue.claim(runner, CPU).orElseThrow().runId()));
        }
        assertThat(queue.claim(runner, CPU)).isEmpty();
        // Priority first; within it the team with the fewest active runs, counting those just leased.
        assertThat(oneAfterAnother).as("claims one after another").containsExactly(4, 0, 3, 5, 2, 7, 1, 6);

        setUp();
        runs = threeTeamsWithMixedPriorities();
        RunnerRegistry registry = new RunnerRegistry(TestDatabase.dataSource(), clock);
        long token = Long.parseLong(TestDatabase.string("SELECT token_id FROM runner WHERE id = " + runner));
        List<Long> runners = new java.util.ArrayList<>(List.of(runner));
        for (int i = 2; i <= runs.size() + 1; i++) {
            runners.add(registry.register("r" + i, "1", "host", CPU, token));
        }
        clock.advance(Duration.ofSeconds(1));
        List<Optional<Lease>> leases = queue.claim(runners, CPU, (c, l) -> l);

        List<Integer> together = new java.util.ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Lease lease = leases.get(i).orElseThrow();
            together.add(runs.indexOf(lease.runId()));
            assertThat(lease.attempt()).isEqualTo(1);
            assertThat(TestDatabase.string("SELECT runner_id FROM run WHERE id = " + lease.runId()))
                    .isEqualTo(String.valueOf(runners.get(i)));
            assertThat(TestDatabase.string("SELECT current_run_id FROM runner WHERE id = " + runners.get(i)))
                    .isEqualTo(String.valueOf(lease.runId()));
        }
        assertThat(together).as("one statement, runners in list order").isEqualTo(oneAfterAnother);
        assertThat(leases.get(runs.size())).as("the last runner: nothing left").isEmpty();
        assertThat(TestDatabase.string("SELECT count(*) FROM runner WHERE extract(epoch FROM last_heartbeat_at)::bigint = "
                + clock.instant().getEpochSecond())).as("every runner's contact recorded").isEqualTo(String.valueOf(runners.size()));
    }

    @Test
    void oneStatementServesOnlyRunnersOfTheFirstRunnersToken() throws Exception {
        long first = queued(0);
        long second = queued(0);
        long third = queued(0);
        RunnerRegistry registry = new RunnerRegistry(TestDatabase.dataSource(), clock);
        long token = Long.parseLong(TestDatabase.string("SELECT token_id FROM runner WHERE id = " + runner));
        long sameToken = registry.register("r2", "1", "host", CPU, token);
        long otherToken = registry.register("r3", "1", "host", CPU, TestDatabase.token());
        clock.advance(Duration.ofSeconds(1));

        List<Optional<Long>> got = queue.claim(List.of(runner, otherToken, 999_999L, sameToken), CPU,
                (c, leases) -> leases.stream().map(Lease::runId).toList());

        assertThat(got).containsExactly(Optional.of(first), Optional.empty(), Optional.empty(), Optional.of(second));
        assertThat(TestDatabase.status(third)).isEqualTo("QUEUED");
        assertThat(TestDatabase.string("SELECT extract(epoch FROM last_heartbeat_at)::bigint FROM runner WHERE id = " + otherToken))
                .as("another token's runner is not touched").isEqualTo(String.valueOf(clock.instant().getEpochSecond() - 1));
        assertThat(queue.claim(List.of(999_999L, runner), CPU, (c, leases) -> leases))
                .as("no runner first: no token, nothing served").containsExactly(Optional.empty(), Optional.empty());
    }

    @Test
    void fairShareFavoursTheTeamWithFewerActiveRuns() throws Exception {
        long busyTeam = team;
        long quietTeam = TestDatabase.team("quiet");
        long quietExperiment = TestDatabase.experiment(quietTeam);
        long busyFirst = queued(0);
        long busySecond = queued(0);
        clock.advance(Duration.ofSeconds(1));
        long quiet = TestDatabase.run(quietTeam, quietExperiment, dataset, 0, 0, NO_LABELS, clock.instant());

        assertThat(queue.claim(runner, CPU).map(Lease::runId)).contains(busyFirst);
        // busyTeam now has one active run, quietTeam none: the younger quiet run goes first.
        assertThat(queue.claim(runner, CPU).map(Lease::runId)).contains(quiet);
        assertThat(queue.claim(runner, CPU).map(Lease::runId)).contains(busySecond);
        assertThat(busyTeam).isNotEqualTo(quietTeam);
    }

    @Test
    void aRunnerOnlyGetsRunsItsCapabilitiesCover() throws Exception {
        clock.advance(Duration.ofSeconds(1));
        long gpuRun = TestDatabase.run(team, experiment, dataset, 10, 2, NO_LABELS, clock.instant());
        long labelled = TestDatabase.run(team, experiment, dataset, 9, 0, new String[] {"a100"}, clock.instant());
        long plain = queued(0);

        assertThat(queue.claim(runner, CPU).map(Lease::runId)).contains(plain);
        assertThat(queue.claim(runner, new RunnerCapabilities(1, 80, List.of("a100", "eu")))
                .map(Lease::runId)).contains(labelled);
        assertThat(queue.claim(runner, new RunnerCapabilities(4, 80, List.of()))
                .map(Lease::runId)).contains(gpuRun);
    }

    @Test
    void heartbeatsExtendTheLeaseAndStartTheRun() throws Exception {
        long run = queued(0);
        Lease lease = queue.claim(runner, CPU).orElseThrow();
        clock.advance(Duration.ofSeconds(8));

        HeartbeatAnswer answer = queue.heartbeat(run, runner, lease.attempt(), "{\"epoch\": 1}", "{\"java\": \"17\"}", "line 1\n");

        assertThat(answer.cancel()).isFalse();
        assertThat(answer.leaseExpiresAt()).isEqualTo(clock.instant().plus(settings.lease()));
        assertThat(TestDatabase.status(run)).isEqualTo("RUNNING");
        assertThat(TestDatabase.string("SELECT progress->>'epoch' FROM run WHERE id = " + run)).isEqualTo("1");
        clock.advance(Duration.ofSeconds(8)); // past the first lease, within the extended one
        assertThat(queue.reap().total()).isZero();
    }

    @Test
    void anExpiredLeaseIsReapedWithBackoffAndTheZombieIsFenced() throws Exception {
        long run = queued(0);
        Lease first = queue.claim(runner, CPU).orElseThrow();
        clock.advance(Duration.ofSeconds(11));

        ReapResult reaped = queue.reap();

        assertThat(reaped.requeued()).containsExactly(run);
        assertThat(TestDatabase.status(run)).isEqualTo("QUEUED");
        assertThat(queue.claim(runner, CPU)).as("backoff of 4 s").isEmpty();
        clock.advance(Duration.ofSeconds(4));
        Lease second = queue.claim(runner, CPU).orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);

        // The first runner comes back: every call with its old attempt is refused, nothing changes.
        assertThatThrownBy(() -> queue.heartbeat(run, runner, first.attempt(), "{}", null, null))
                .isInstanceOf(StaleAttemptException.class).hasMessageContaining("attempt 2");
        assertThatThrownBy(() -> queue.complete(run, runner, first.attempt(), FinalStatus.SUCCEEDED, null))
                .isInstanceOf(StaleAttemptException.class);
        assertThat(TestDatabase.status(run)).isEqualTo("LEASED");
        queue.complete(run, runner, second.attempt(), FinalStatus.SUCCEEDED, null);
        assertThat(TestDatabase.status(run)).isEqualTo("SUCCEEDED");
    }

    @Test
    void aPlatformRestartGivesActiveRunsAFreshLease() throws Exception {
        long run = queued(0);
        queue.claim(runner, CPU).orElseThrow();
        clock.advance(Duration.ofMinutes(5)); // the platform was down; the lease ran out meanwhile

        assertThat(queue.extendLeasesAfterRestart(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(queue.reap().total()).isZero();
        clock.advance(Duration.ofSeconds(61)); // the runner never came back
        assertThat(queue.reap().requeued()).containsExactly(run);
    }

    @Test
    void aRunThatLosesMaxAttemptsLeasesFailsWithTheReason() throws Exception {
        long run = queued(0);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(60)); // past any backoff
            assertThat(queue.claim(runner, CPU)).isPresent();
            clock.advance(Duration.ofSeconds(11));
            queue.reap();
        }

        assertThat(TestDatabase.status(run)).isEqualTo("FAILED");
        assertThat(TestDatabase.string("SELECT error FROM run WHERE id = " + run)).contains("lease expired 3 times");
        assertThat(TestDatabase.string("SELECT finished_at IS NOT NULL FROM run WHERE id = " + run)).isEqualTo("t");
    }

    @Test
    void backoffDoublesPerLostLeaseUpToTheMaximum() throws Exception {
        long run = queued(0);
        List<String> delays = new java.util.ArrayList<>();
        for (int loss = 0; loss < 2; loss++) {
            clock.advance(Duration.ofSeconds(60));
            queue.claim(runner, CPU).orElseThrow();
            clock.advance(Duration.ofSeconds(11));
            queue.reap();
            delays.add(TestDatabase.string("SELECT extract(epoch FROM not_before - updated_at)::int FROM run WHERE id = " + run));
        }
        assertThat(delays).containsExactly("4", "8");
    }

    @Test
    void cancellingARunningRunIsToldOnTheNextHeartbeat() throws Exception {
        long run = queued(0);
        Lease lease = queue.claim(runner, CPU).orElseThrow();

        assertThat(queue.cancel(run)).isEqualTo(CancelOutcome.REQUESTED);
        assertThat(queue.heartbeat(run, runner, lease.attempt(), null, null, null).cancel()).isTrue();
        queue.complete(run, runner, lease.attempt(), FinalStatus.CANCELLED, null);

        assertThat(TestDatabase.status(run)).isEqualTo("CANCELLED");
        assertThat(queue.cancel(run)).isEqualTo(CancelOutcome.ALREADY_FINISHED);
    }

    @Test
    void aCancelledRunWhoseRunnerDiedEndsCancelledNotRequeued() throws Exception {
        long run = queued(0);
        queue.claim(runner, CPU).orElseThrow();
        queue.cancel(run);
        clock.advance(Duration.ofSeconds(11));

        assertThat(queue.reap().cancelled()).containsExactly(run);
        assertThat(TestDatabase.status(run)).isEqualTo("CANCELLED");
    }

    @Test
    void completeAndReleaseAreIdempotent() throws Exception {
        long finished = queued(0);
        Lease lease = queue.claim(runner, CPU).orElseThrow();
        queue.complete(finished, runner, lease.attempt(), FinalStatus.FAILED, "out of memory");
        queue.complete(finished, runner, lease.attempt(), FinalStatus.FAILED, "out of memory");
        assertThat(TestDatabase.string("SELECT error FROM run WHERE id = " + finished)).isEqualTo("out of memory");

        long handedBack = queued(0);
        Lease second = queue.claim(runner, CPU).orElseThrow();
        queue.release(handedBack, runner, second.attempt());
        queue.release(handedBack, runner, second.attempt());
        assertThat(TestDatabase.status(handedBack)).isEqualTo("QUEUED");
        assertThat(TestDatabase.string("SELECT failures FROM run WHERE id = " + handedBack)).isEqualTo("0");
        assertThat(queue.claim(runner, CPU).map(Lease::attempt)).as("claimable at once").isEqualTo(Optional.of(2));
    }

    @Test
    void onlyTheRunnerHoldingTheRunMayReportForIt() throws Exception {
        long run = queued(0);
        Lease lease = queue.claim(runner, CPU).orElseThrow();
        long other = new RunnerRegistry(TestDatabase.dataSource(), clock)
                .register("r2", "1", "host", CPU, TestDatabase.token());

        assertThatThrownBy(() -> queue.heartbeat(run, other, lease.attempt(), null, null, null))
                .isInstanceOf(StaleAttemptException.class);
        assertThatThrownBy(() -> queue.complete(run, other, lease.attempt(), FinalStatus.SUCCEEDED, null))
                .isInstanceOf(StaleAttemptException.class);
        assertThat(TestDatabase.status(run)).isEqualTo("LEASED");
    }

    @Test
    void aRunnerNameIsUniquePerToken() throws Exception {
        RunnerRegistry registry = new RunnerRegistry(TestDatabase.dataSource(), clock);
        long token = TestDatabase.token();
        long id = registry.register("gpu-node-1", "1", "h", CPU, token);

        assertThat(registry.register("gpu-node-1", "2", "h", CPU, token)).isEqualTo(id);
        long otherToken = TestDatabase.token();
        long other = registry.register("gpu-node-1", "2", "h", CPU, otherToken);
        assertThat(other).as("another token's runner of the same name is another runner").isNotEqualTo(id);
        assertThat(registry.capabilities(id, token)).contains(CPU);
        assertThat(registry.capabilities(id, otherToken)).isEmpty();
    }

    @Test
    void aTeamRunnerClaimsOnlyItsTeamsRunsAndAPlatformRunnerAnyTeams() throws Exception {
        long otherTeam = TestDatabase.team("other");
        long otherRun = TestDatabase.run(otherTeam, TestDatabase.experiment(otherTeam), TestDatabase.dataset(otherTeam),
                9, 0, NO_LABELS, clock.instant());
        long ownRun = queued(0);
        RunnerRegistry registry = new RunnerRegistry(TestDatabase.dataSource(), clock);
        long teamRunner = registry.register("team-node", "1", "h", CPU, TestDatabase.teamToken(team));

        assertThat(queue.claim(teamRunner, CPU).map(Lease::runId)).as("the other team's run has the higher priority")
                .contains(ownRun);
        assertThat(queue.claim(teamRunner, CPU)).isEmpty();
        assertThat(queue.claim(runner, CPU).map(Lease::runId)).as("platform runner").contains(otherRun);
    }

    @Test
    void anUnknownRunnerClaimsNothing() throws Exception {
        queued(0);
        assertThat(queue.claim(999_999, CPU)).isEmpty();
    }
}

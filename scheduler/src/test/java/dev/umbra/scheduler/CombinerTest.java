package dev.umbra.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claims (the combiner's first use) lined up behind a running claim statement are served together by
 * the next one. The first statement is held open (a latch in the statement) until the others are in
 * line, so what is combined does not depend on timing.
 */
class CombinerTest {

    private static final RunnerCapabilities CPU = new RunnerCapabilities(0, 0, List.of());
    private static final RunnerCapabilities GPU = new RunnerCapabilities(1, 80, List.of());

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<List<Long>> statements = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstStatementEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirstStatement = new CountDownLatch(1);
    private final AtomicBoolean failNext = new AtomicBoolean();
    private RunQueue queue;
    private RunnerRegistry registry;
    private Combiner<Pool, Long, Optional<Lease>> combiner;

    /** What one claim statement can serve together: runners of one token with the same capabilities. */
    private record Pool(long token, RunnerCapabilities capabilities) {
    }
    private long token;
    private long team;
    private long experiment;
    private long dataset;

    @BeforeEach
    void setUp() throws Exception {
        TestDatabase.clear();
        queue = new RunQueue(TestDatabase.dataSource(), Clock.systemUTC(), QueueSettings.defaults());
        registry = new RunnerRegistry(TestDatabase.dataSource(), Clock.systemUTC());
        token = TestDatabase.token();
        team = TestDatabase.defaultTeam();
        experiment = TestDatabase.experiment(team);
        dataset = TestDatabase.dataset(team);
        combiner = new Combiner<>((pool, runnerIds) -> {
            statements.add(runnerIds);
            if (statements.size() == 1) {
                firstStatementEntered.countDown();
                await(releaseFirstStatement);
            } else if (failNext.getAndSet(false)) {
                throw new QueueException("the database went away", null);
            }
            return queue.claim(runnerIds, pool.capabilities(), (c, leases) -> leases);
        });
    }

    @AfterEach
    void tearDown() {
        releaseFirstStatement.countDown();
        pool.shutdownNow();
    }

    private long runner(String name, RunnerCapabilities capabilities) {
        return registry.register(name, "1", "host", capabilities, token);
    }

    private long queued(int gpus) throws Exception {
        return TestDatabase.run(team, experiment, dataset, 0, gpus, new String[0], Instant.now());
    }

    private Future<Optional<Lease>> claim(long runner, RunnerCapabilities capabilities) {
        return pool.submit(() -> combiner.submit(new Pool(token, capabilities), runner));
    }

    /** Waits until this many claims of the pool wait in its line. */
    private void lineHolds(int claims, RunnerCapabilities capabilities) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (combiner.waiting(new Pool(token, capabilities)) < claims) {
            assertThat(System.nanoTime()).as("claims lined up in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void claimsThatArriveDuringAStatementAreServedTogetherByTheNext() throws Exception {
        List<Long> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.add(queued(0));
        }
        Future<Optional<Lease>> first = claim(runner("first", CPU), CPU);
        assertThat(firstStatementEntered.await(30, TimeUnit.SECONDS)).isTrue();
        List<Long> others = new ArrayList<>();
        List<Future<Optional<Lease>>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long runner = runner("other-" + i, CPU);
            others.add(runner);
            answers.add(claim(runner, CPU));
        }
        lineHolds(6, CPU);
        releaseFirstStatement.countDown();

        List<Long> leased = new ArrayList<>(List.of(first.get(30, TimeUnit.SECONDS).orElseThrow().runId()));
        for (Future<Optional<Lease>> answer : answers) {
            leased.add(answer.get(30, TimeUnit.SECONDS).orElseThrow().runId());
        }
        assertThat(statements).hasSize(2);
        assertThat(statements.get(1)).as("the second statement served every claim in line").containsExactlyInAnyOrderElementsOf(others);
        assertThat(leased).doesNotHaveDuplicates().isSubsetOf(runs).hasSize(7);
        assertThat(combiner.lines()).as("an idle line leaves").isZero();
        for (int i = 0; i < others.size(); i++) {
            assertThat(TestDatabase.string("SELECT runner_id FROM run WHERE id = " + leased.get(i + 1)))
                    .as("each claim gets the run leased to its own runner").isEqualTo(String.valueOf(others.get(i)));
        }
    }

    @Test
    void anotherPoolDoesNotWaitForAPoolsStatement() throws Exception {
        long gpuRun = queued(1);
        queued(0);
        Future<Optional<Lease>> cpu = claim(runner("cpu", CPU), CPU);
        assertThat(firstStatementEntered.await(30, TimeUnit.SECONDS)).isTrue();

        Optional<Lease> gpu = claim(runner("gpu", GPU), GPU).get(30, TimeUnit.SECONDS);

        assertThat(gpu.map(Lease::runId)).as("served while the CPU pool's statement is still open").contains(gpuRun);
        assertThat(cpu).isNotDone();
        releaseFirstStatement.countDown();
        assertThat(cpu.get(30, TimeUnit.SECONDS)).isPresent();
    }

    @Test
    void aFailedStatementFailsEveryClaimItServedAndTheNextClaimIsServed() throws Exception {
        queued(0);
        Future<Optional<Lease>> first = claim(runner("first", CPU), CPU);
        assertThat(firstStatementEntered.await(30, TimeUnit.SECONDS)).isTrue();
        List<Future<Optional<Lease>>> others = List.of(claim(runner("a", CPU), CPU), claim(runner("b", CPU), CPU));
        lineHolds(2, CPU);
        failNext.set(true);
        releaseFirstStatement.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).as("the first statement, not failed").isPresent();
        for (Future<Optional<Lease>> other : others) {
            assertThatThrownBy(() -> other.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(QueueException.class)
                    .hasMessageContaining("the database went away");
        }

        long run = queued(0);
        assertThat(combiner.submit(new Pool(token, CPU), runner("later", CPU)).map(Lease::runId)).contains(run);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("released").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

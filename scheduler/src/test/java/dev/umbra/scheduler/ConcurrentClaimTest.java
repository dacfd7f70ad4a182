package dev.umbra.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrentClaimTest {

    @Test
    void manyClaimersOnManyRunsClaimEachRunExactlyOnce() throws Exception {
        TestDatabase.clear();
        long team = TestDatabase.defaultTeam();
        long experiment = TestDatabase.experiment(team);
        long dataset = TestDatabase.dataset(team);
        List<Long> runs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            runs.add(TestDatabase.run(team, experiment, dataset, i % 3, 0, new String[0], Instant.now()));
        }
        RunQueue queue = new RunQueue(TestDatabase.dataSource(), Clock.systemUTC(), QueueSettings.defaults());
        RunnerRegistry registry = new RunnerRegistry(TestDatabase.dataSource(), Clock.systemUTC());
        RunnerCapabilities cpu = new RunnerCapabilities(0, 0, List.of());
        long token = TestDatabase.token();

        int claimers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < claimers; t++) {
            long runner = registry.register("runner-" + t, "1", "h", cpu, token);
            results.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                for (Optional<Lease> lease = queue.claim(runner, cpu); lease.isPresent(); lease = queue.claim(runner, cpu)) {
                    mine.add(lease.get().runId());
                }
                return mine;
            }));
        }
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        for (Future<List<Long>> f : results) {
            claimed.addAll(f.get());
        }
        pool.shutdown();

        assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(runs);
        assertThat(TestDatabase.string("SELECT count(*) FROM run WHERE status = 'LEASED' AND attempt = 1")).isEqualTo("300");
    }

    /** Claims of several runners in one statement, from several threads at once: still each run exactly once. */
    @Test
    void manyBatchesOfClaimsClaimEachRunExactlyOnce() throws Exception {
        TestDatabase.clear();
        long team = TestDatabase.defaultTeam();
        long experiment = TestDatabase.experiment(team);
        long dataset = TestDatabase.dataset(team);
        List<Long> runs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            runs.add(TestDatabase.run(team, experiment, dataset, i % 3, 0, new String[0], Instant.now()));
        }
        RunQueue queue = new RunQueue(TestDatabase.dataSource(), Clock.systemUTC(), QueueSettings.defaults());
        RunnerRegistry registry = new RunnerRegistry(TestDatabase.dataSource(), Clock.systemUTC());
        RunnerCapabilities cpu = new RunnerCapabilities(0, 0, List.of());
        long token = TestDatabase.token();

        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Long> batch = new ArrayList<>();
            for (int r = 0; r < 5; r++) {
                batch.add(registry.register("runner-" + t + "-" + r, "1", "h", cpu, token));
            }
            results.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                while (true) {
                    List<Optional<Lease>> leases = queue.claim(batch, cpu, (c, l) -> l);
                    leases.forEach(lease -> lease.ifPresent(l -> mine.add(l.runId())));
                    if (leases.stream().anyMatch(Optional::isEmpty)) {
                        return mine;
                    }
                }
            }));
        }
        List<Long> claimed = new ArrayList<>();
        for (Future<List<Long>> f : results) {
            claimed.addAll(f.get());
        }
        pool.shutdown();

        assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(runs);
        assertThat(TestDatabase.string("SELECT count(*) FROM run WHERE status = 'LEASED' AND attempt = 1")).isEqualTo("300");
    }
}

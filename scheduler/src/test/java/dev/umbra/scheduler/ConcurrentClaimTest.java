package dev.umbra.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many threads claim 300 queued runs at once: every run is leased exactly once, at attempt 1. */
class ConcurrentClaimTest {

    private static final RunnerCapabilities CPU = new RunnerCapabilities(0, 0, List.of());

    private final RunQueue queue = new RunQueue(TestDatabase.dataSource(), Clock.systemUTC(), QueueSettings.defaults());
    private final RunnerRegistry registry = new RunnerRegistry(TestDatabase.dataSource(), Clock.systemUTC());
    private final List<Long> runs = new ArrayList<>();
    private long token;

    @BeforeEach
    void queueRuns() throws Exception {
        TestDatabase.clear();
        long team = TestDatabase.defaultTeam();
        long experiment = TestDatabase.experiment(team);
        long dataset = TestDatabase.dataset(team);
        for (int i = 0; i < 300; i++) {
            runs.add(TestDatabase.run(team, experiment, dataset, i % 3, 0, new String[0], Instant.now()));
        }
        token = TestDatabase.token();
    }

    @Test
    void manyClaimersOnManyRunsClaimEachRunExactlyOnce() throws Exception {
        List<Callable<List<Long>>> claimers = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            long runner = registry.register("runner-" + t, "1", "h", CPU, token);
            claimers.add(() -> {
                List<Long> mine = new ArrayList<>();
                for (Optional<Lease> lease = queue.claim(runner, CPU); lease.isPresent(); lease = queue.claim(runner, CPU)) {
                    mine.add(lease.get().runId());
                }
                return mine;
            });
        }
        assertEachRunLeasedOnce(claimers);
    }

    /** Claims of several runners in one statement, from several threads at once. */
    @Test
    void manyBatchesOfClaimsClaimEachRunExactlyOnce() throws Exception {
        List<Callable<List<Long>>> claimers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            List<Long> batch = new ArrayList<>();
            for (int r = 0; r < 5; r++) {
                batch.add(registry.register("runner-" + t + "-" + r, "1", "h", CPU, token));
            }
            claimers.add(() -> {
                List<Long> mine = new ArrayList<>();
                while (true) {
                    List<Optional<Lease>> leases = queue.claim(batch, CPU, (c, l) -> l);
                    leases.forEach(lease -> lease.ifPresent(l -> mine.add(l.runId())));
                    if (leases.stream().anyMatch(Optional::isEmpty)) {
                        return mine;
                    }
                }
            });
        }
        assertEachRunLeasedOnce(claimers);
    }

    private void assertEachRunLeasedOnce(List<Callable<List<Long>>> claimers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(claimers.size());
        List<Long> claimed = new ArrayList<>();
        try {
            for (Future<List<Long>> f : pool.invokeAll(claimers)) {
                claimed.addAll(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(runs);
        assertThat(TestDatabase.string("SELECT count(*) FROM run WHERE status = 'LEASED' AND attempt = 1")).isEqualTo("300");
    }
}

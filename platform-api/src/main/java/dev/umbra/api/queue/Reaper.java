package dev.umbra.api.queue;

import dev.umbra.api.common.ClusterSingleton;
import dev.umbra.scheduler.ReapResult;
import dev.umbra.scheduler.RunQueue;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Returns runs whose runner stopped heartbeating to the queue (see {@link RunQueue#reap()}), on
 * one replica at a time: every reap is guarded by the attempt and would be safe twice, but two
 * replicas reaping the same leases only make each other wait on the row locks.
 */
@ApplicationScoped
public class Reaper {

    private static final Logger LOG = Logger.getLogger(Reaper.class);

    /** Longer than a runner's longest reconnect backoff (30 s). */
    private static final Duration RESTART_GRACE = Duration.ofSeconds(60);

    private final RunQueue queue;
    private final ClusterSingleton singleton;
    private final ReplicaSession listener;

    public Reaper(RunQueue queue, ClusterSingleton singleton, ReplicaSession listener) {
        this.queue = queue;
        this.singleton = singleton;
        this.listener = listener;
    }

    /**
     * Runners could not heartbeat while the platform was down; give them time to reconnect. Only
     * when the whole platform was down, that is when this replica is the first one up: a replica
     * restarting beside others that kept serving heartbeats must not postpone the reaping of every
     * run whose runner really died. (A replica that could not open its listening session at start
     * counts as first: extending again is harmless.)
     */
    void onStart(@Observes StartupEvent event) {
        if (!listener.firstReplica()) {
            return;
        }
        int extended = queue.extendLeasesAfterRestart(RESTART_GRACE.compareTo(queue.settings().lease()) > 0
                ? RESTART_GRACE : queue.settings().lease());
        if (extended > 0) {
            LOG.infof("Extended the leases of %d active runs after start", extended);
        }
    }

    @Scheduled(every = "${umbra.scheduler.reap-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reap() {
        singleton.runAlone("lease-reaper", () -> {
            ReapResult result = queue.reap();
            if (result.total() > 0) {
                LOG.infof("Lease expired: requeued %s, failed %s, cancelled %s", result.requeued(), result.failed(),
                        result.cancelled());
            }
        });
    }
}

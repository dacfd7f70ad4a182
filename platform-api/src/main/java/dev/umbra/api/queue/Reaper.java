package dev.umbra.api.queue;

import dev.umbra.scheduler.ReapResult;
import dev.umbra.scheduler.RunQueue;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Returns runs whose runner stopped heartbeating to the queue (see {@link RunQueue#reap()}). */
@ApplicationScoped
public class Reaper {

    private static final Logger LOG = Logger.getLogger(Reaper.class);

    /** Longer than a runner's longest reconnect backoff (30 s). */
    private static final Duration RESTART_GRACE = Duration.ofSeconds(60);

    private final RunQueue queue;

    public Reaper(RunQueue queue) {
        this.queue = queue;
    }

    /** Runners could not heartbeat while the platform was down; give them time to reconnect. */
    void onStart(@Observes StartupEvent event) {
        int extended = queue.extendLeasesAfterRestart(RESTART_GRACE.compareTo(queue.settings().lease()) > 0
                ? RESTART_GRACE : queue.settings().lease());
        if (extended > 0) {
            LOG.infof("Extended the leases of %d active runs after start", extended);
        }
    }

    @Scheduled(every = "${umbra.scheduler.reap-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reap() {
        ReapResult result = queue.reap();
        if (result.total() > 0) {
            LOG.infof("Lease expired: requeued %s, failed %s, cancelled %s", result.requeued(), result.failed(),
                    result.cancelled());
        }
    }
}

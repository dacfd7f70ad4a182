package dev.umbra.api.queue;

import dev.umbra.scheduler.ReapResult;
import dev.umbra.scheduler.RunQueue;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Returns runs whose runner stopped heartbeating to the queue (see {@link RunQueue#reap()}). */
@ApplicationScoped
public class Reaper {

    private static final Logger LOG = Logger.getLogger(Reaper.class);

    private final RunQueue queue;

    public Reaper(RunQueue queue) {
        this.queue = queue;
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

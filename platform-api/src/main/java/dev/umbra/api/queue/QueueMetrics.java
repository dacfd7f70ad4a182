package dev.umbra.api.queue;

import dev.umbra.scheduler.QueueStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Queue gauges at {@code /q/metrics}: runs by state, the oldest queued run's age (wait time),
 * live and busy runners and their utilisation. Refreshed on a schedule, so a scrape never queries
 * the database.
 */
@ApplicationScoped
public class QueueMetrics {

    private final QueueStats stats;
    private final MeterRegistry registry;
    private final AtomicReference<QueueStats.Snapshot> latest = new AtomicReference<>();

    public QueueMetrics(QueueStats stats, MeterRegistry registry) {
        this.stats = stats;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        refresh();
        for (QueueStats.State state : QueueStats.State.values()) {
            Gauge.builder("umbra_runs", latest, s -> s.get().runsByState().get(state))
                    .tag("state", state.name()).description("runs by state").register(registry);
        }
        Gauge.builder("umbra_queue_oldest_wait_seconds", latest, s -> s.get().oldestQueuedAge().toMillis() / 1000.0)
                .description("how long the oldest queued run has waited").register(registry);
        Gauge.builder("umbra_runners_live", latest, s -> s.get().liveRunners()).register(registry);
        Gauge.builder("umbra_runners_busy", latest, s -> s.get().busyRunners()).register(registry);
        Gauge.builder("umbra_runner_utilisation", latest,
                s -> s.get().liveRunners() == 0 ? 0 : (double) s.get().busyRunners() / s.get().liveRunners())
                .description("busy runners / live runners").register(registry);
    }

    @Scheduled(every = "${umbra.scheduler.reap-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        latest.set(stats.snapshot(0, Optional.empty()));
    }
}

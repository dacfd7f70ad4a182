package dev.umbra.api.queue;

import dev.umbra.api.config.UmbraConfig;
import dev.umbra.scheduler.QueueSettings;
import dev.umbra.scheduler.QueueStats;
import dev.umbra.scheduler.RunQueue;
import dev.umbra.scheduler.RunnerRegistry;
import dev.umbra.scheduler.kubernetes.LaunchedPods;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The scheduler is plain Java; the platform hosts it on its datasource, clock and configuration. */
@ApplicationScoped
public class SchedulerBeans {

    @Produces
    @Singleton
    QueueSettings queueSettings(UmbraConfig config) {
        UmbraConfig.Scheduler s = config.scheduler();
        return new QueueSettings(s.lease(), s.backoffBase(), s.backoffMax());
    }

    @Produces
    @Singleton
    RunQueue runQueue(AgroalDataSource dataSource, Clock clock, QueueSettings settings) {
        return new RunQueue(dataSource, clock, settings);
    }

    @Produces
    @Singleton
    RunnerRegistry runnerRegistry(AgroalDataSource dataSource, Clock clock) {
        return new RunnerRegistry(dataSource, clock);
    }

    @Produces
    @Singleton
    LaunchedPods launchedPods(AgroalDataSource dataSource) {
        return new LaunchedPods(dataSource);
    }

    @Produces
    @Singleton
    QueueStats queueStats(AgroalDataSource dataSource, Clock clock, QueueSettings settings) {
        return new QueueStats(dataSource, clock, settings);
    }
}

package dev.umbra.api.run;

import dev.umbra.scheduler.RunQueue;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The scheduler is plain Java; the platform hosts it on its datasource and clock. */
@ApplicationScoped
public class QueueProducer {

    @Produces
    @Singleton
    RunQueue runQueue(AgroalDataSource dataSource, Clock clock) {
        return new RunQueue(dataSource, clock);
    }
}

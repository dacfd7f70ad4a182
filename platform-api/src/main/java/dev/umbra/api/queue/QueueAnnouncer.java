package dev.umbra.api.queue;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Makes the runs this replica inserts claimable at once on every replica: after the inserting
 * transaction commits, it raises this replica's {@link QueueSignal} and sends {@code NOTIFY
 * run_queued}, which every replica's {@link ReplicaSession} hears.
 *
 * <p>The notification is sent after the commit, on a connection of its own, and not by a trigger in
 * the inserting transaction (as it is for a run set back to QUEUED, V14): a transaction that notifies
 * holds PostgreSQL's one notification lock from its commit until it ends, so concurrent submissions
 * committed, and flushed the WAL, one after another. With 64 clients that halved the rate at which
 * PostgreSQL alone inserted run rows (V17). Sent apart, a burst's notifications fold into one per
 * {@link #INTERVAL}. A notification lost (the database unreachable, the replica stopping) costs
 * latency only: waiting claims re-check the queue on their own.
 */
@ApplicationScoped
public class QueueAnnouncer {

    /** The longest another replica's waiting claims wait to hear of a run inserted here. */
    static final Duration INTERVAL = Duration.ofMillis(10);
    private static final Logger LOG = Logger.getLogger(QueueAnnouncer.class);

    private final AgroalDataSource dataSource;
    private final QueueSignal signal;
    private final AtomicBoolean notifyPending = new AtomicBoolean();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "umbra-queue-announcer");
        thread.setDaemon(true);
        return thread;
    });

    public QueueAnnouncer(AgroalDataSource dataSource, QueueSignal signal) {
        this.dataSource = dataSource;
        this.signal = signal;
    }

    void onRunsQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunsQueued queued) {
        signal.raise();
        if (notifyPending.compareAndSet(false, true)) {
            sender.schedule(this::notifyReplicas, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void notifyReplicas() {
        // Cleared first: a run inserted while this notification is on its way schedules the next one.
        notifyPending.set(false);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("NOTIFY " + ReplicaSession.RUN_QUEUED);
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("Could not notify other replicas of queued runs (%s); their claims re-check on their own",
                    e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        sender.shutdownNow();
    }
}

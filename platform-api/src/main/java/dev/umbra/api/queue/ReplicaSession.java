package dev.umbra.api.queue;

import dev.umbra.api.common.ClusterSingleton;
import dev.umbra.api.team.AccessChanged;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * This replica's own long-lived PostgreSQL session, which hears what other replicas did:
 * <ul>
 * <li>{@code run_queued}, which the V14 trigger raises whenever a run becomes QUEUED on any
 *     replica: it raises the {@link QueueSignal} that waiting claims sleep on;</li>
 * <li>{@code access_changed}, which the V16 triggers raise when a token, a membership or a user
 *     changes: it fires {@link AccessChanged}, so this replica forgets the identities it
 *     remembered ({@code IdentityCache}) as soon as another replica revokes a token.</li>
 * </ul>
 * One per process, on a daemon thread, with a connection of its own (a pooled connection kept for
 * good, so it has the datasource's settings); if the connection drops it reconnects with backoff,
 * and on reconnecting raises the signal and fires the event, since notifications sent meanwhile
 * are lost (claims also re-check on their own, and remembered identities expire, so a lost one
 * only costs latency).
 *
 * <p>The same session marks the replica as running ({@link ClusterSingleton#joinAsReplica}): it
 * is the one connection that lives exactly as long as the replica does.
 */
@ApplicationScoped
public class ReplicaSession {

    public static final String RUN_QUEUED = "run_queued";
    public static final String ACCESS_CHANGED = "access_changed";
    private static final Logger LOG = Logger.getLogger(ReplicaSession.class);
    /** How long one wait for notifications blocks: bounds how long a shutdown waits for the thread. */
    private static final int WAIT_MILLIS = 500;
    /** Silence after which the session is checked: a dropped network may not close the socket. */
    private static final Duration CHECK_AFTER = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final AgroalDataSource dataSource;
    private final QueueSignal signal;
    private final Event<AccessChanged> accessChanged;
    private volatile boolean running;
    private volatile boolean firstReplica = true;
    private Thread thread;

    public ReplicaSession(AgroalDataSource dataSource, QueueSignal signal, Event<AccessChanged> accessChanged) {
        this.dataSource = dataSource;
        this.signal = signal;
        this.accessChanged = accessChanged;
    }

    /** Before other start-up observers: {@link Reaper} asks {@link #firstReplica()}. */
    void start(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent event) {
        Connection session = null;
        try {
            session = dataSource.getConnection();
            firstReplica = join(session);
        } catch (SQLException e) {
            // Counted as first (the harmless answer); the thread keeps trying to connect.
            LOG.warnf("Cannot listen for queued runs yet (%s); retrying", e.getMessage());
            closeQuietly(session);
            session = null;
        }
        running = true;
        Connection initial = session;
        thread = new Thread(() -> listen(initial), "umbra-queue-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(WAIT_MILLIS * 4L);
        }
    }

    /**
     * Whether no other replica was running when this one started: only then did the whole
     * platform stop, so that no runner could heartbeat.
     */
    public boolean firstReplica() {
        return firstReplica;
    }

    private void listen(Connection initial) {
        Connection session = initial;
        long backoffMillis = 100;
        long quietSince = System.nanoTime();
        while (running) {
            try {
                if (session == null) {
                    session = dataSource.getConnection();
                    join(session);
                    LOG.info("Listening for queued runs and access changes again");
                    signal.raise();
                    accessChanged.fire(new AccessChanged("notifications may have been missed"));
                    backoffMillis = 100;
                }
                PGNotification[] notifications = session.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
                if (notifications != null && notifications.length > 0) {
                    hear(notifications);
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > CHECK_AFTER.toNanos()) {
                    if (!session.isValid(5)) {
                        throw new SQLException("the session does not answer");
                    }
                    quietSince = System.nanoTime();
                }
            } catch (SQLException | RuntimeException e) {
                closeQuietly(session);
                session = null;
                if (!running) {
                    break;
                }
                if (backoffMillis == 100) {
                    LOG.warnf("Lost the session that listens for queued runs (%s); until it is back, waiting claims "
                            + "find new runs only by their periodic re-check", e.getMessage());
                }
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    break;
                }
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            }
        }
        closeQuietly(session);
    }

    private void hear(PGNotification[] notifications) {
        boolean queued = false;
        boolean access = false;
        for (PGNotification n : notifications) {
            queued |= RUN_QUEUED.equals(n.getName());
            access |= ACCESS_CHANGED.equals(n.getName());
        }
        if (access) {
            accessChanged.fire(new AccessChanged("changed on a replica"));
        }
        if (queued) {
            signal.raise();
        }
    }

    private static boolean join(Connection session) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("LISTEN " + RUN_QUEUED);
            s.execute("LISTEN " + ACCESS_CHANGED);
        }
        return ClusterSingleton.joinAsReplica(session);
    }

    /** Back to the pool without its LISTEN and its replica lock (DISCARD ALL drops both), or dropped if broken. */
    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try (connection; Statement s = connection.createStatement()) {
            s.execute("DISCARD ALL");
        } catch (SQLException e) {
            // broken: PostgreSQL has ended the session, and its LISTEN and lock with it
        }
    }
}

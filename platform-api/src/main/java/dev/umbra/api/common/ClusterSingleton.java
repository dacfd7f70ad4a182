package dev.umbra.api.common;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Work that must happen on one platform replica at a time, however many run against the database:
 * PostgreSQL advisory locks, one per task name (in Umbra's own key space, so no other user of
 * the database collides with us).
 *
 * <ul>
 *   <li>{@link #runAlone} / {@link #callAlone} for periodic duties (the lease reaper, the blob
 *       collector, the launcher): the work runs only if no other replica is doing the same task
 *       right now, otherwise it is skipped, which is right for a duty that comes round again. The
 *       lock is a session lock on a connection held for the duration of the work and released in
 *       {@code finally}; a replica that dies mid-task loses its connection and PostgreSQL releases
 *       the lock with it, so a crash never leaves a task locked.</li>
 *   <li>{@link #awaitTurn} for start-up tasks that every replica runs and that must not interleave
 *       (creating the first admin, registering the bundled dataset): it waits rather than skips,
 *       and holds the lock until the caller's transaction ends, so the second replica sees what the
 *       first committed.</li>
 * </ul>
 *
 * Call {@code runAlone}/{@code callAlone} outside a transaction: the work should open its own.
 * A task's name is its identity across replicas and versions: keep names stable.
 */
@ApplicationScoped
public class ClusterSingleton {

    private static final Logger LOG = Logger.getLogger(ClusterSingleton.class);
    /** The first half of every Umbra advisory lock key ("umbr"); the second is the task name's hash. */
    private static final int KEY_SPACE = 0x756d6272;
    /** Held shared by every running replica, see {@link #joinAsReplica}. */
    private static final String REPLICAS = "running-replicas";

    private final AgroalDataSource dataSource;
    private final EntityManager entities;

    public ClusterSingleton(AgroalDataSource dataSource, EntityManager entities) {
        this.dataSource = dataSource;
        this.entities = entities;
    }

    /** Runs {@code work} unless another replica is running the same task; returns whether it ran. */
    public boolean runAlone(String task, Runnable work) {
        return callAlone(task, () -> {
            work.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    /** Calls {@code work} unless another replica is running the same task (then empty). */
    public <T> Optional<T> callAlone(String task, Supplier<T> work) {
        try (Connection lockHolder = dataSource.getConnection()) {
            if (!advisory(lockHolder, "SELECT pg_try_advisory_lock(?, hashtext(?))", task)) {
                LOG.debugf("%s is running on another replica; skipped here", task);
                return Optional.empty();
            }
            try {
                return Optional.of(work.get());
            } finally {
                advisory(lockHolder, "SELECT pg_advisory_unlock(?, hashtext(?))", task);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the cluster lock of " + task, e);
        }
    }

    /**
     * Waits until no other replica's transaction holds {@code task}'s lock, then holds it until the
     * current transaction commits or rolls back.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void awaitTurn(String task) {
        entities.createNativeQuery("SELECT true FROM pg_advisory_xact_lock(?1, hashtext(?2))")
                .setParameter(1, KEY_SPACE).setParameter(2, task).getSingleResult();
    }

    /**
     * Marks this replica as running on {@code session}, a connection it keeps for its whole life
     * (a shared lock: any number of replicas hold it together), and says whether no other replica
     * was running when it joined. Asked again after a reconnect, the answer may be a spurious
     * "first"; callers must only use it for things that are harmless to repeat.
     */
    public static boolean joinAsReplica(Connection session) throws SQLException {
        boolean first = advisory(session, "SELECT pg_try_advisory_lock(?, hashtext(?))", REPLICAS);
        advisory(session, "SELECT true FROM pg_advisory_lock_shared(?, hashtext(?))", REPLICAS);
        if (first) {
            // Held the exclusive lock until the shared one was ours too: no gap in which another
            // starting replica could also find itself first.
            advisory(session, "SELECT pg_advisory_unlock(?, hashtext(?))", REPLICAS);
        }
        return first;
    }

    /** Runs one advisory lock function on {@code task}'s key and returns its boolean answer. */
    private static boolean advisory(Connection c, String sql, String task) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, KEY_SPACE);
            ps.setString(2, task);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}

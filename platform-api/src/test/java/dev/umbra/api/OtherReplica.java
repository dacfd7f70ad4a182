package dev.umbra.api;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A database session of another platform replica, outside the test application's pool, holding
 * cluster locks and hearing notifications as that replica would.
 *
 * <p>{@link #close} ends the session as a crashed replica's ends, and returns only once its
 * backend has exited: closing the socket is asynchronous on the server, which releases the
 * session's locks when the backend process is gone, not when the client hangs up. A test that
 * asserted "free again" straight after the hang-up would race that exit.
 */
public final class OtherReplica implements AutoCloseable {

    private static final Duration BACKEND_EXIT = Duration.ofSeconds(30);

    private final Connection session;
    private final int backendPid;

    public OtherReplica() throws SQLException {
        session = connect();
        backendPid = queryInt(session, "SELECT pg_backend_pid()");
    }

    /** Takes the cluster lock of {@code task}, in ClusterSingleton's key space, kept stable across versions. */
    public OtherReplica holdLock(String task) throws SQLException {
        try (PreparedStatement s = session.prepareStatement("SELECT pg_advisory_lock(x'756d6272'::int, hashtext(?))")) {
            s.setString(1, task);
            s.execute();
        }
        return this;
    }

    /** Listens on {@code channel}, as a replica's {@code ReplicaSession} does. */
    public OtherReplica listen(String channel) throws SQLException {
        try (Statement s = session.createStatement()) {
            s.execute("LISTEN " + channel);
        }
        return this;
    }

    /** The notifications this session heard within {@code wait}: all that arrived, once the first has. */
    public List<String> heard(Duration wait) throws SQLException {
        PGNotification[] notifications = session.unwrap(PGConnection.class).getNotifications((int) wait.toMillis());
        return notifications == null ? List.of() : Arrays.stream(notifications).map(PGNotification::getName).toList();
    }

    @Override
    public void close() throws SQLException {
        try (Connection observer = connect()) {
            session.close();
            Instant deadline = Instant.now().plus(BACKEND_EXIT);
            while (queryInt(observer, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + backendPid) > 0) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("backend " + backendPid + " still running " + BACKEND_EXIT + " after its session closed");
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }
    }

    private static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    private static int queryInt(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

package dev.umbra.api.common;

import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * A lost database, wherever it surfaces (Hibernate, a JTA commit, the scheduler's plain JDBC,
 * the pool): the request is answered 503 {@code database-unavailable} with Retry-After, so
 * clients (the runner agents among them) wait and retry instead of failing on a 500. Failures
 * less than {@link #QUIET} apart are one outage and are logged once.
 */
final class DatabaseOutage {

    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);
    static final Duration QUIET = Duration.ofSeconds(30);
    /** Shut down by an administrator, crash of another backend, cannot connect now (starting or stopping). */
    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");
    private static final long NONE = Long.MIN_VALUE;
    private static final AtomicLong lastFailure = new AtomicLong(NONE);

    private DatabaseOutage() {
    }

    /** The answer for {@code e} if it means the database cannot be reached. */
    static Optional<Response> answer(Throwable e) {
        long now = System.nanoTime();
        Optional<Throwable> lost = connectionFailure(e);
        // A pool that cannot hand out connections during an outage is waiting on the dead database, not overloaded.
        if (lost.isEmpty() && !(acquisitionTimedOut(e) && ongoing(lastFailure.get(), now))) {
            return Optional.empty();
        }
        if (!ongoing(lastFailure.getAndSet(now), now)) {
            LOG.warnf("The database cannot be reached (%s); answering 503 until it can",
                    lost.map(Throwable::toString).orElse("connection acquisition timed out"));
        }
        return Optional.of(Response.fromResponse(Problems.response(503, "database-unavailable", "Database unavailable",
                "the platform cannot reach its database; retry in a few seconds", List.of()))
                .header("Retry-After", "5").build());
    }

    private static boolean ongoing(long lastFailure, long now) {
        return lastFailure != NONE && now - lastFailure < QUIET.toNanos();
    }

    /** Agroal's pool gave up waiting for a free connection (its message is the only mark it leaves). */
    static boolean acquisitionTimedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null && t.getMessage().contains("acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    /** SQLState class 08 (connection exception) or a server going away, or a refused TCP connection. */
    private static Optional<Throwable> connectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_GOING_AWAY.contains(sql.getSQLState()))
                    || t instanceof ConnectException) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}

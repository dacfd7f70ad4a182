package dev.umbra.scheduler;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work on one connection: atomically ({@link #inTransaction}), or as a single statement
 * ({@link #singleStatement}); either inside the caller's (JTA-managed) transaction when there is one.
 */
public final class Jdbc {

    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Jdbc() {
    }

    public static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                return work.run(c); // the caller's transaction commits or rolls back
            }
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new QueueException("cannot " + what, e);
        }
    }

    /**
     * Work of one statement, which is atomic by itself: outside a caller's transaction it runs in
     * autocommit, saving the COMMIT's round trip (runner calls read their runner this way first).
     */
    public static <T> T singleStatement(DataSource dataSource, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new QueueException("cannot " + what, e);
        }
    }
}

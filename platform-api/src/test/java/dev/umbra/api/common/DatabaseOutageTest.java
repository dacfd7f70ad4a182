package dev.umbra.api.common;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures mean a lost database, wherever in the cause chain they sit. */
class DatabaseOutageTest {

    @Test
    void aLostConnectionAnywhereInTheCauseChainIsA503WithRetryAfter() {
        for (Throwable lost : new Throwable[] {
                new PersistenceException(new SQLException("An I/O error occurred while sending to the backend.", "08006")),
                new RuntimeException(new SQLException("terminating connection due to administrator command", "57P01")),
                new IllegalStateException(new SQLException("the database system is starting up", "57P03")),
                new RuntimeException(new SQLException("Connection refused", "08001", new ConnectException("refused"))),
                new RuntimeException(new ConnectException("Connection refused"))}) {
            Response response = DatabaseOutage.answer(lost).orElseThrow(() -> new AssertionError("not recognised: " + lost));
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isNotBlank();
            assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        }
    }

    @Test
    void otherDatabaseErrorsAreNotAnOutage() {
        assertThat(DatabaseOutage.answer(new PersistenceException(new SQLException("duplicate key", "23505")))).isEmpty();
        assertThat(DatabaseOutage.answer(new SQLException("no state"))).isEmpty();
        assertThat(DatabaseOutage.answer(new IllegalArgumentException("bug"))).isEmpty();
    }

    @Test
    void anAcquisitionTimeoutIsAnOutageOnlyWhileOneIsOn() {
        SQLTransientConnectionException timeout = new SQLTransientConnectionException("Sorry, acquisition timeout!");
        assertThat(DatabaseOutage.acquisitionTimedOut(new RuntimeException(timeout))).isTrue();
        DatabaseOutage.answer(new SQLException("Connection refused", "08001"));
        assertThat(DatabaseOutage.answer(new RuntimeException(timeout))).isPresent();
    }
}

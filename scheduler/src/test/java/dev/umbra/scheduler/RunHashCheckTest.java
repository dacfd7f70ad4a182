package dev.umbra.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The database holds a run's hashes to 64 lowercase hex digits (V20 checks them without a regular
 * expression; this pins that it still refuses what the expression refused).
 */
class RunHashCheckTest {

    private static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void aRunsHashesAreSixtyFourLowercaseHexDigitsAndNothingElse() throws SQLException {
        TestDatabase.clear();
        long team = TestDatabase.defaultTeam();
        long run = TestDatabase.run(team, TestDatabase.experiment(team), TestDatabase.dataset(team), 0, 0, new String[0],
                Instant.now());
        String[] refused = {HEX.toUpperCase(), HEX.substring(1), HEX + "0", HEX.substring(1) + "g",
                HEX.substring(2) + "é", HEX.substring(1) + " ", ""};
        for (String column : new String[] {"config_hash", "run_hash"}) {
            assertThat(set(column, HEX, run)).isEqualTo(1);
            for (String hash : refused) {
                assertThatThrownBy(() -> set(column, hash, run)).as(column + " = '" + hash + "'")
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));
            }
            assertThat(TestDatabase.string("SELECT " + column + " FROM run WHERE id = " + run)).isEqualTo(HEX);
        }
    }

    private static int set(String column, String hash, long run) throws SQLException {
        try (Connection c = TestDatabase.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE run SET " + column + " = ? WHERE id = ?")) {
            ps.setString(1, hash);
            ps.setLong(2, run);
            return ps.executeUpdate();
        }
    }
}

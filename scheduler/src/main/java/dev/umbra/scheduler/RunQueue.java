package dev.umbra.scheduler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The only writer of the {@code run} table's queue columns (status, attempt, runner, lease,
 * heartbeat). Each method is one guarded statement, so it runs correctly inside the caller's
 * transaction or on its own.
 */
public final class RunQueue {

    private final DataSource dataSource;
    private final Clock clock;

    public RunQueue(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Cancels a run: a queued run ends at once; a leased or running one is flagged, and its runner
     * is told on its next heartbeat.
     *
     * <p>Race: a claim may lease the run between our read and write. The update's status guard is
     * re-checked under the row lock the claim also takes, so either the claim wins (we flag the
     * now-leased run) or we win (the claim skips a cancelled run); never both.
     */
    public CancelOutcome cancel(long runId) {
        String sql = """
                UPDATE run SET
                    status = CASE WHEN status = 'QUEUED' THEN 'CANCELLED' ELSE status END,
                    finished_at = CASE WHEN status = 'QUEUED' THEN ? ELSE finished_at END,
                    cancel_requested = true,
                    updated_at = ?
                WHERE id = ? AND status IN ('QUEUED', 'LEASED', 'RUNNING')
                RETURNING status
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Timestamp now = Timestamp.from(clock.instant());
            ps.setTimestamp(1, now);
            ps.setTimestamp(2, now);
            ps.setLong(3, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return "CANCELLED".equals(rs.getString(1)) ? CancelOutcome.CANCELLED : CancelOutcome.REQUESTED;
                }
            }
            return status(c, runId).map(s -> CancelOutcome.ALREADY_FINISHED).orElse(CancelOutcome.NOT_FOUND);
        } catch (SQLException e) {
            throw new QueueException("cannot cancel run " + runId, e);
        }
    }

    private static Optional<String> status(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM run WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}

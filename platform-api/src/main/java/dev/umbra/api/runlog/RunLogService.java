package dev.umbra.api.runlog;

import dev.umbra.api.common.ApiException;
import dev.umbra.client.dto.RunLogPage;
import dev.umbra.client.runner.Heartbeat;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's whole log: lines appended as heartbeats bring them (a resent line is stored once) and read
 * back a page at a time.
 */
@ApplicationScoped
public class RunLogService {

    private final AgroalDataSource dataSource;

    public RunLogService(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Checks a heartbeat's lines before anything of the heartbeat is stored. */
    public static void validate(Integer from, List<String> lines) {
        if (lines == null || lines.isEmpty()) {
            return;
        }
        if (from == null || from < 0) {
            throw ApiException.invalid("log_from", "is required with log_lines and must be 0 or more");
        }
        if (lines.size() > Heartbeat.MAX_LOG_LINES) {
            throw ApiException.invalid("log_lines", "at most " + Heartbeat.MAX_LOG_LINES + " lines per heartbeat");
        }
        if ((long) from + lines.size() > Integer.MAX_VALUE) {
            throw ApiException.invalid("log_from", "numbers lines past " + Integer.MAX_VALUE);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i) == null) {
                throw ApiException.invalid("log_lines[" + i + "]", "must be a string");
            }
        }
    }

    /** Stores lines {@code from}, {@code from + 1}, ... of an attempt; lines already stored stay as they are. */
    public void append(long runId, int attempt, Integer from, List<String> lines) {
        if (lines == null || lines.isEmpty()) {
            return;
        }
        String sql = """
                INSERT INTO run_log (run_id, attempt, line_no, text)
                SELECT ?, ?, ? + ordinality::int - 1, line FROM unnest(?::text[]) WITH ORDINALITY AS l(line, ordinality)
                ON CONFLICT DO NOTHING
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, runId);
            ps.setInt(2, attempt);
            ps.setInt(3, from);
            ps.setArray(4, c.createArrayOf("text", lines.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the log of run " + runId, e);
        }
    }

    /**
     * At most {@code limit} lines from position {@code offset} of the whole log; a negative offset counts
     * from the end (-limit: the last page).
     */
    public RunLogPage page(long runId, long offset, int limit) {
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM run_log WHERE run_id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            long start = offset < 0 ? Math.max(0, total + offset) : Math.min(offset, total);
            List<RunLogPage.Line> lines = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT attempt, line_no, text FROM run_log WHERE run_id = ?
                    ORDER BY attempt, line_no OFFSET ? LIMIT ?
                    """)) {
                ps.setLong(1, runId);
                ps.setLong(2, start);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.add(new RunLogPage.Line(rs.getInt(1), rs.getInt(2), rs.getString(3)));
                    }
                }
            }
            return new RunLogPage(runId, start, total, lines);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the log of run " + runId, e);
        }
    }
}

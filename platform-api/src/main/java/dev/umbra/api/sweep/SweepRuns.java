package dev.umbra.api.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.client.dto.RunStatus;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows behind sweeps, in plain JDBC: a sweep's 10,000 positions are inserted in one statement
 * (arrays unnested; its runs by {@link dev.umbra.api.run.RunRows}) rather than 10,000 round trips.
 * Joins the caller's transaction.
 */
@ApplicationScoped
public class SweepRuns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgroalDataSource dataSource;

    public SweepRuns(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One position of a sweep and the run behind it; {@code params} is the axis values' JSON text. */
    public record Position(int position, long runId, boolean reused, String params) {
    }

    /** A position as listed, with its run's identity and state. */
    public record Row(int position, long runId, boolean reused, JsonNode params, long seed, RunStatus status,
                      String configHash, String runHash) {
    }

    /** Where a sweep stands: positions by their run's status, reused positions, distinct runs still to finish. */
    public record Counts(Map<RunStatus, Long> byStatus, int total, int reused, int unfinishedRuns,
                         Double meanRunSeconds) {
    }

    /** The oldest succeeded run of the team for each of these run hashes. */
    public Map<String, Long> succeededByHash(long teamId, Collection<String> runHashes) {
        Map<String, Long> found = new HashMap<>();
        String sql = """
                SELECT DISTINCT ON (run_hash) run_hash, id FROM run
                WHERE team_id = ? AND status = 'SUCCEEDED' AND run_hash = ANY(?) ORDER BY run_hash, id
                """;
        return query(sql, ps -> {
            ps.setLong(1, teamId);
            ps.setArray(2, ps.getConnection().createArrayOf("text", runHashes.toArray(String[]::new)));
        }, rs -> found.put(rs.getString(1), rs.getLong(2)), found);
    }

    /**
     * Inserts a sweep's positions in one statement. A configuration's seeds share its params, so each
     * distinct text is sent (and checked as JSON) once, not once per position.
     */
    public void insertPositions(long sweepId, List<Position> positions) {
        if (positions.isEmpty()) {
            return;
        }
        int n = positions.size();
        Integer[] position = new Integer[n];
        Long[] runId = new Long[n];
        Boolean[] reused = new Boolean[n];
        Integer[] paramsIndex = new Integer[n];
        Map<String, Integer> distinctParams = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Position p = positions.get(i);
            position[i] = p.position();
            runId[i] = p.runId();
            reused[i] = p.reused();
            paramsIndex[i] = distinctParams.computeIfAbsent(p.params(), k -> distinctParams.size() + 1); // ORDINALITY counts from 1
        }
        update("""
                WITH params AS MATERIALIZED (
                    SELECT text::json AS params, i FROM unnest(?::text[]) WITH ORDINALITY AS p(text, i)
                )
                INSERT INTO sweep_run (sweep_id, position, run_id, reused, params)
                SELECT ?, t.position, t.run_id, t.reused, params.params
                FROM unnest(?::int[], ?::bigint[], ?::boolean[], ?::int[]) AS t(position, run_id, reused, i)
                JOIN params USING (i)
                """, ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", distinctParams.keySet().toArray(String[]::new)));
            ps.setLong(2, sweepId);
            ps.setArray(3, ps.getConnection().createArrayOf("int4", position));
            ps.setArray(4, ps.getConnection().createArrayOf("bigint", runId));
            ps.setArray(5, ps.getConnection().createArrayOf("bool", reused));
            ps.setArray(6, ps.getConnection().createArrayOf("int4", paramsIndex));
        });
    }

    public int size(long sweepId) {
        int[] size = {0};
        query("SELECT count(*) FROM sweep_run WHERE sweep_id = ?", ps -> ps.setLong(1, sweepId),
                rs -> size[0] = rs.getInt(1), null);
        return size[0];
    }

    /** The run hash behind each position, for seeds added later to find the runs they repeat. */
    public Map<String, Long> runsByHash(long sweepId) {
        Map<String, Long> runs = new HashMap<>();
        return query("SELECT r.run_hash, r.id FROM sweep_run s JOIN run r ON r.id = s.run_id WHERE s.sweep_id = ?",
                ps -> ps.setLong(1, sweepId), rs -> runs.putIfAbsent(rs.getString(1), rs.getLong(2)), runs);
    }

    public Counts counts(long sweepId, long teamId) {
        Map<RunStatus, Long> byStatus = new EnumMap<>(RunStatus.class);
        for (RunStatus s : RunStatus.values()) {
            byStatus.put(s, 0L);
        }
        int[] totals = {0, 0, 0};
        query("""
                SELECT r.status, count(*), count(*) FILTER (WHERE s.reused) FROM sweep_run s JOIN run r ON r.id = s.run_id
                WHERE s.sweep_id = ? GROUP BY r.status
                """, ps -> ps.setLong(1, sweepId), rs -> {
            byStatus.put(RunStatus.valueOf(rs.getString(1)), rs.getLong(2));
            totals[0] += rs.getInt(2);
            totals[1] += rs.getInt(3);
        }, null);
        query("""
                SELECT count(DISTINCT s.run_id) FROM sweep_run s JOIN run r ON r.id = s.run_id
                WHERE s.sweep_id = ? AND r.status IN ('QUEUED', 'LEASED', 'RUNNING')
                """, ps -> ps.setLong(1, sweepId), rs -> totals[2] = rs.getInt(1), null);
        Double[] mean = {null};
        // This sweep's own finished runs say best how long its runs take; before any, the team's recent ones.
        query("""
                SELECT coalesce(
                    (SELECT avg(extract(epoch FROM r.finished_at - r.started_at)) FROM sweep_run s JOIN run r ON r.id = s.run_id
                     WHERE s.sweep_id = ? AND r.status = 'SUCCEEDED' AND r.started_at IS NOT NULL),
                    (SELECT avg(seconds) FROM (SELECT extract(epoch FROM finished_at - started_at) AS seconds FROM run
                     WHERE team_id = ? AND status = 'SUCCEEDED' AND started_at IS NOT NULL
                     ORDER BY finished_at DESC LIMIT 50) recent))
                """, ps -> {
            ps.setLong(1, sweepId);
            ps.setLong(2, teamId);
        }, rs -> mean[0] = rs.getObject(1) == null ? null : rs.getDouble(1), null);
        return new Counts(byStatus, totals[0], totals[1], totals[2], mean[0]);
    }

    /** Distinct runs of the sweep that have not finished. */
    public List<Long> unfinishedRunIds(long sweepId) {
        List<Long> ids = new ArrayList<>();
        return query("""
                SELECT DISTINCT s.run_id FROM sweep_run s JOIN run r ON r.id = s.run_id
                WHERE s.sweep_id = ? AND r.status IN ('QUEUED', 'LEASED', 'RUNNING') ORDER BY s.run_id
                """, ps -> ps.setLong(1, sweepId), rs -> ids.add(rs.getLong(1)), ids);
    }

    /** Positions after {@code afterPosition}, in order. */
    public List<Row> page(long sweepId, int afterPosition, int limit) {
        List<Row> rows = new ArrayList<>();
        return query("""
                SELECT s.position, s.run_id, s.reused, s.params::text, r.seed, r.status, r.config_hash, r.run_hash
                FROM sweep_run s JOIN run r ON r.id = s.run_id
                WHERE s.sweep_id = ? AND s.position > ? ORDER BY s.position LIMIT ?
                """, ps -> {
            ps.setLong(1, sweepId);
            ps.setInt(2, afterPosition);
            ps.setInt(3, limit);
        }, rs -> rows.add(new Row(rs.getInt(1), rs.getLong(2), rs.getBoolean(3), tree(rs.getString(4)), rs.getLong(5),
                RunStatus.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8))), rows);
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, Binder binder, RowReader reader, T result) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("sweep query failed", e);
        }
    }

    private void update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("sweep update failed", e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

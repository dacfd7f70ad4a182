package dev.umbra.scheduler.kubernetes;

import dev.umbra.scheduler.Jdbc;
import dev.umbra.scheduler.kubernetes.LaunchedPod.Phase;
import dev.umbra.scheduler.kubernetes.RunnerJobs.QueuedRun;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the launcher reads of the queue and remembers of its launches ({@code launched_pod}), in
 * PostgreSQL. Reads of the snapshot are for every replica; writes are the launcher's.
 */
public final class LaunchedPods {

    private final DataSource dataSource;

    public LaunchedPods(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The launched pods of a team's runs (or of every team), newest launch first. */
    public List<LaunchedPod> list(Optional<Long> team, int limit) {
        String sql = """
                SELECT job_name, run_id, team_id, launch, phase, failed_launch, reason, launched_at, observed_at
                FROM launched_pod WHERE (? OR team_id = ?) ORDER BY launched_at DESC, job_name LIMIT ?
                """;
        return query("list launched pods", sql, ps -> {
            ps.setBoolean(1, team.isEmpty());
            ps.setLong(2, team.orElse(0L));
            ps.setInt(3, limit);
        }, rs -> new LaunchedPod(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), Phase.valueOf(rs.getString(5)),
                rs.getBoolean(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant()));
    }

    /** Failed launches of a run still on record, and the newest launch number it used. */
    record History(int failedLaunches, Instant lastFailedLaunchAt, int lastLaunch) {
    }

    Map<Long, History> histories() {
        String sql = """
                SELECT run_id, count(*) FILTER (WHERE failed_launch), max(launched_at) FILTER (WHERE failed_launch), max(launch)
                FROM launched_pod GROUP BY run_id
                """;
        Map<Long, History> histories = new HashMap<>();
        for (Map.Entry<Long, History> e : query("read launch histories", sql, ps -> { }, rs -> {
            Timestamp lastFailed = rs.getTimestamp(3);
            return Map.entry(rs.getLong(1), new History(rs.getInt(2), lastFailed == null ? null : lastFailed.toInstant(),
                    rs.getInt(4)));
        })) {
            histories.put(e.getKey(), e.getValue());
        }
        return histories;
    }

    /** The status of each of these runs; a run that no longer exists is absent. */
    Map<Long, String> statuses(Collection<Long> runs) {
        Map<Long, String> statuses = new HashMap<>();
        for (Map.Entry<Long, String> e : query("read run statuses", "SELECT id, status FROM run WHERE id = ANY (?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("bigint", runs.toArray())),
                rs -> Map.entry(rs.getLong(1), rs.getString(2)))) {
            statuses.put(e.getKey(), e.getValue());
        }
        return statuses;
    }

    /**
     * Queued runs that are due, in claim order (priority, then age), at most {@code perTeam} of each
     * team, leaving out {@code covered} (runs that have a pod already).
     */
    List<QueuedRun> queued(Instant now, Collection<Long> covered, int perTeam) {
        String sql = """
                SELECT id, team_id, requested_gpus, requested_gpu_memory_gb, requested_labels FROM (
                    SELECT r.*, row_number() OVER (PARTITION BY r.team_id ORDER BY r.priority DESC, r.id) AS nth
                    FROM run r
                    WHERE r.status = 'QUEUED' AND (r.not_before IS NULL OR r.not_before <= ?) AND r.id <> ALL (?)
                ) q WHERE nth <= ? ORDER BY priority DESC, id
                """;
        return query("read the queue", sql, ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, ps.getConnection().createArrayOf("bigint", covered.toArray()));
            ps.setInt(3, perTeam);
        }, rs -> new QueuedRun(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), strings(rs.getArray(5))));
    }

    /** A live runner with nothing to do, other than the launcher's own pods: what it offers and to whom. */
    record IdleRunner(int gpus, int gpuMemoryGb, List<String> labels, Long team) {

        boolean covers(QueuedRun run) {
            return gpus >= run.gpus() && gpuMemoryGb >= run.gpuMemoryGb() && labels.containsAll(run.labels())
                    && (team == null || team == run.teamId());
        }
    }

    /** Runners heard from since {@code since} that hold no run (pods of the launcher, named after their Jobs, excluded). */
    List<IdleRunner> idleRunners(Instant since) {
        String sql = """
                SELECT rn.gpus, rn.gpu_memory_gb, rn.labels, tk.team_id
                FROM runner rn JOIN api_token tk ON tk.id = rn.token_id
                WHERE rn.current_run_id IS NULL AND rn.last_heartbeat_at >= ? AND rn.name NOT LIKE 'umbra-run-%'
                """;
        return query("read idle runners", sql, ps -> ps.setTimestamp(1, Timestamp.from(since)), rs -> {
            long team = rs.getLong(4);
            Long servedTeam = rs.wasNull() ? null : team; // a platform runner token serves every team
            return new IdleRunner(rs.getInt(1), rs.getInt(2), strings(rs.getArray(3)), servedTeam);
        });
    }

    /**
     * Records these observations (a launch's latest state replaces its earlier one) and forgets
     * launches not observed since {@code forgetBefore}: Kubernetes has cleaned their Jobs up by then.
     */
    void record(List<LaunchedPod> pods, Instant forgetBefore) {
        String upsert = """
                INSERT INTO launched_pod (job_name, run_id, team_id, launch, phase, failed_launch, reason, launched_at, observed_at)
                SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::int[], ?::text[], ?::boolean[], ?::text[],
                                     ?::timestamptz[], ?::timestamptz[])
                ON CONFLICT (job_name) DO UPDATE SET phase = excluded.phase,
                    failed_launch = launched_pod.failed_launch OR excluded.failed_launch,
                    reason = coalesce(excluded.reason, CASE WHEN excluded.phase = launched_pod.phase THEN launched_pod.reason END),
                    observed_at = excluded.observed_at
                """;
        Jdbc.inTransaction(dataSource, "record launched pods", c -> {
            try (PreparedStatement ps = c.prepareStatement(upsert)) {
                ps.setArray(1, c.createArrayOf("text", pods.stream().map(LaunchedPod::jobName).toArray()));
                ps.setArray(2, c.createArrayOf("bigint", pods.stream().map(LaunchedPod::runId).toArray()));
                ps.setArray(3, c.createArrayOf("bigint", pods.stream().map(LaunchedPod::teamId).toArray()));
                ps.setArray(4, c.createArrayOf("integer", pods.stream().map(LaunchedPod::launch).toArray()));
                ps.setArray(5, c.createArrayOf("text", pods.stream().map(p -> p.phase().name()).toArray()));
                ps.setArray(6, c.createArrayOf("boolean", pods.stream().map(LaunchedPod::failedLaunch).toArray()));
                ps.setArray(7, c.createArrayOf("text", pods.stream().map(LaunchedPod::reason).toArray()));
                ps.setArray(8, c.createArrayOf("timestamptz", pods.stream().map(p -> Timestamp.from(p.launchedAt())).toArray()));
                ps.setArray(9, c.createArrayOf("timestamptz", pods.stream().map(p -> Timestamp.from(p.observedAt())).toArray()));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM launched_pod WHERE observed_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(forgetBefore));
                ps.executeUpdate();
            }
            return null;
        });
    }

    private interface Parameters {
        void set(PreparedStatement ps) throws SQLException;
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String what, String sql, Parameters parameters, Row<T> row) {
        return Jdbc.inTransaction(dataSource, what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                parameters.set(ps);
                List<T> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row.read(rs));
                    }
                }
                return rows;
            }
        });
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}

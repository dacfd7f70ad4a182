package dev.umbra.scheduler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Read-only views of the queue: depth and states, runner load, and each queued run's position
 * and estimated wait.
 *
 * <p>The position orders by priority, then age. The claim also weighs fair share, which can move a
 * run past others of its priority, so the position is an estimate. The wait is
 * {@code ceil(position / live runners) x mean run duration} (the mean over the last 50
 * successful runs; 5 minutes before there is any).
 *
 * <p>A team's view shows only what is the team's: its runs by state, its queued runs positioned
 * among its own, and the runners that serve it (its team runners and the platform's), with a
 * runner's current run named only when that run is the team's. The platform-wide view (no team)
 * is for the platform's own metrics.
 */
public final class QueueStats {

    public enum State { QUEUED, LEASED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    public record QueuedRun(long runId, long teamId, int priority, int position, Instant queuedAt, Duration estimatedWait) {
    }

    /**
     * A runner as a team sees it: {@code currentRunId} is null when it runs another team's run
     * ({@code busy} still says it is taken); {@code shared} for a platform runner serving every team.
     */
    public record RunnerLoad(long id, String name, int gpus, List<String> labels, Instant lastHeartbeat, Long currentRunId,
                             boolean busy, boolean shared, boolean live) {
    }

    public record Snapshot(Map<State, Long> runsByState, int liveRunners, int busyRunners, Duration meanRunDuration,
                           Duration oldestQueuedAge, List<QueuedRun> queued) {
    }

    private static final Duration DEFAULT_RUN_DURATION = Duration.ofMinutes(5);

    /** A condition on {@code run.team_id} taking two parameters: the team, or null for every team. */
    private static final String TEAM_OR_ALL = "(?::bigint IS NULL OR team_id = ?)";

    private final DataSource dataSource;
    private final Clock clock;
    private final QueueSettings settings;

    public QueueStats(DataSource dataSource, Clock clock, QueueSettings settings) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.settings = settings;
    }

    /** The queue as it is now, as {@code team} sees it (empty: platform-wide), with at most {@code limit} queued runs listed in order. */
    public Snapshot snapshot(int limit, Optional<Long> team) {
        return Jdbc.inTransaction(dataSource, "read the queue", c -> {
            Instant now = clock.instant();
            Map<State, Long> byState = new EnumMap<>(State.class);
            for (State s : State.values()) {
                byState.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT status, count(*) FROM run WHERE " + TEAM_OR_ALL + " GROUP BY status")) {
                bindTeam(ps, 1, team);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byState.put(State.valueOf(rs.getString(1)), rs.getLong(2));
                    }
                }
            }
            List<RunnerLoad> runners = runners(c, now, team);
            int live = (int) runners.stream().filter(RunnerLoad::live).count();
            int busy = (int) runners.stream().filter(r -> r.live() && r.busy()).count();
            Duration mean = meanRunDuration(c, team);
            List<QueuedRun> queued = new ArrayList<>();
            Duration oldest = Duration.ZERO;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT min(created_at) FROM run WHERE status = 'QUEUED' AND " + TEAM_OR_ALL)) {
                bindTeam(ps, 1, team);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getTimestamp(1) != null) {
                        oldest = Duration.between(rs.getTimestamp(1).toInstant(), now);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, team_id, priority, created_at FROM run WHERE status = 'QUEUED' AND %s
                    ORDER BY priority DESC, id LIMIT ?
                    """.formatted(TEAM_OR_ALL))) {
                bindTeam(ps, 1, team);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    int position = 0;
                    while (rs.next()) {
                        position++;
                        queued.add(new QueuedRun(rs.getLong(1), rs.getLong(2), rs.getInt(3), position,
                                rs.getTimestamp(4).toInstant(),
                                estimatedWait(position, live, mean)));
                    }
                }
            }
            return new Snapshot(byState, live, busy, mean, oldest, queued);
        });
    }

    /** The runners that serve {@code team} (empty: every runner). */
    public List<RunnerLoad> runners(Optional<Long> team) {
        return Jdbc.inTransaction(dataSource, "read runners", c -> runners(c, clock.instant(), team));
    }

    static Duration estimatedWait(int position, int liveRunners, Duration meanRunDuration) {
        if (liveRunners == 0) {
            return null; // nothing will run it until a runner connects
        }
        long rounds = (position + liveRunners - 1) / liveRunners;
        return meanRunDuration.multipliedBy(rounds);
    }

    private List<RunnerLoad> runners(Connection c, Instant now, Optional<Long> team) throws SQLException {
        List<RunnerLoad> runners = new ArrayList<>();
        Instant liveSince = now.minus(settings.lease().multipliedBy(2));
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r.id, r.name, r.gpus, r.labels, r.last_heartbeat_at,
                       CASE WHEN ?::bigint IS NULL OR cur.team_id = ? THEN r.current_run_id END,
                       r.current_run_id IS NOT NULL, t.team_id IS NULL
                FROM runner r JOIN api_token t ON t.id = r.token_id
                LEFT JOIN run cur ON cur.id = r.current_run_id
                WHERE t.revoked_at IS NULL AND (?::bigint IS NULL OR t.team_id IS NULL OR t.team_id = ?)
                ORDER BY r.name, r.id
                """)) {
            bindTeam(ps, 1, team);
            bindTeam(ps, 3, team);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp heartbeat = rs.getTimestamp(5);
                    long current = rs.getLong(6);
                    Long currentRun = rs.wasNull() ? null : current;
                    Instant last = heartbeat == null ? null : heartbeat.toInstant();
                    runners.add(new RunnerLoad(rs.getLong(1), rs.getString(2), rs.getInt(3),
                            List.of((String[]) rs.getArray(4).getArray()), last, currentRun, rs.getBoolean(7),
                            rs.getBoolean(8), last != null && last.isAfter(liveSince)));
                }
            }
        }
        return runners;
    }

    private static void bindTeam(PreparedStatement ps, int first, Optional<Long> team) throws SQLException {
        ps.setObject(first, team.orElse(null), java.sql.Types.BIGINT);
        ps.setObject(first + 1, team.orElse(null), java.sql.Types.BIGINT);
    }

    private static Duration meanRunDuration(Connection c, Optional<Long> team) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT avg(extract(epoch FROM finished_at - started_at)) FROM (
                    SELECT finished_at, started_at FROM run
                    WHERE status = 'SUCCEEDED' AND started_at IS NOT NULL AND finished_at IS NOT NULL AND %s
                    ORDER BY finished_at DESC LIMIT 50) recent
                """.formatted(TEAM_OR_ALL))) {
            bindTeam(ps, 1, team);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                double seconds = rs.getDouble(1);
                return rs.wasNull() ? DEFAULT_RUN_DURATION : Duration.ofMillis((long) (seconds * 1000));
            }
        }
    }
}

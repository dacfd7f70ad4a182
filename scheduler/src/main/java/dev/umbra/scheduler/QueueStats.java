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
import javax.sql.DataSource;

/**
 * Read-only views of the queue: depth and states, runner load, and each queued run's position
 * and estimated wait.
 *
 * <p>The position orders by priority, then age. The claim also weighs fair share, which can move a
 * run past others of its priority, so the position is an estimate. The wait is
 * {@code ceil(position / live runners) x mean run duration} (the mean over the last 50
 * successful runs; 5 minutes before there is any).
 */
public final class QueueStats {

    public enum State { QUEUED, LEASED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    public record QueuedRun(long runId, long teamId, int priority, int position, Instant queuedAt, Duration estimatedWait) {
    }

    public record RunnerLoad(long id, String name, int gpus, List<String> labels, Instant lastHeartbeat, Long currentRunId,
                             boolean live) {
    }

    public record Snapshot(Map<State, Long> runsByState, int liveRunners, int busyRunners, Duration meanRunDuration,
                           Duration oldestQueuedAge, List<QueuedRun> queued) {
    }

    private static final Duration DEFAULT_RUN_DURATION = Duration.ofMinutes(5);

    private final DataSource dataSource;
    private final Clock clock;
    private final QueueSettings settings;

    public QueueStats(DataSource dataSource, Clock clock, QueueSettings settings) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.settings = settings;
    }

    /** The queue as it is now, with at most {@code limit} queued runs listed in order. */
    public Snapshot snapshot(int limit) {
        return Jdbc.inTransaction(dataSource, "read the queue", c -> {
            Instant now = clock.instant();
            Map<State, Long> byState = new EnumMap<>(State.class);
            for (State s : State.values()) {
                byState.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT status, count(*) FROM run GROUP BY status");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byState.put(State.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            List<RunnerLoad> runners = runners(c, now);
            int live = (int) runners.stream().filter(RunnerLoad::live).count();
            int busy = (int) runners.stream().filter(r -> r.live() && r.currentRunId() != null).count();
            Duration mean = meanRunDuration(c);
            List<QueuedRun> queued = new ArrayList<>();
            Duration oldest = Duration.ZERO;
            try (PreparedStatement ps = c.prepareStatement("SELECT min(created_at) FROM run WHERE status = 'QUEUED'");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getTimestamp(1) != null) {
                    oldest = Duration.between(rs.getTimestamp(1).toInstant(), now);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, team_id, priority, created_at FROM run WHERE status = 'QUEUED'
                    ORDER BY priority DESC, id LIMIT ?
                    """)) {
                ps.setInt(1, limit);
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

    public List<RunnerLoad> runners() {
        return Jdbc.inTransaction(dataSource, "read runners", c -> runners(c, clock.instant()));
    }

    static Duration estimatedWait(int position, int liveRunners, Duration meanRunDuration) {
        if (liveRunners == 0) {
            return null; // nothing will run it until a runner connects
        }
        long rounds = (position + liveRunners - 1) / liveRunners;
        return meanRunDuration.multipliedBy(rounds);
    }

    private List<RunnerLoad> runners(Connection c, Instant now) throws SQLException {
        List<RunnerLoad> runners = new ArrayList<>();
        Instant liveSince = now.minus(settings.lease().multipliedBy(2));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, gpus, labels, last_heartbeat_at, current_run_id FROM runner ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp heartbeat = rs.getTimestamp(5);
                long current = rs.getLong(6);
                Long currentRun = rs.wasNull() ? null : current;
                Instant last = heartbeat == null ? null : heartbeat.toInstant();
                runners.add(new RunnerLoad(rs.getLong(1), rs.getString(2), rs.getInt(3),
                        List.of((String[]) rs.getArray(4).getArray()), last, currentRun,
                        last != null && last.isAfter(liveSince)));
            }
        }
        return runners;
    }

    private static Duration meanRunDuration(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT avg(extract(epoch FROM finished_at - started_at)) FROM (
                    SELECT finished_at, started_at FROM run
                    WHERE status = 'SUCCEEDED' AND started_at IS NOT NULL AND finished_at IS NOT NULL
                    ORDER BY finished_at DESC LIMIT 50) recent
                """); ResultSet rs = ps.executeQuery()) {
            rs.next();
            double seconds = rs.getDouble(1);
            return rs.wasNull() ? DEFAULT_RUN_DURATION : Duration.ofMillis((long) (seconds * 1000));
        }
    }
}

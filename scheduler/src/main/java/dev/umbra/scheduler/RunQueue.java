package dev.umbra.scheduler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The only writer of the {@code run} table's queue columns (status, attempt, runner, lease,
 * heartbeat, failures, cancel flag, start and end times). Every state change is one guarded SQL
 * statement; every change a runner asks for is guarded by its attempt, the fencing token that
 * only a claim increments, so a runner that lost its lease can never overwrite the run.
 */
public final class RunQueue {

    private final DataSource dataSource;
    private final Clock clock;
    private final QueueSettings settings;

    public RunQueue(DataSource dataSource, Clock clock, QueueSettings settings) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.settings = settings;
    }

    public QueueSettings settings() {
        return settings;
    }

    /** A run's request fits the runner's capabilities (parameters: gpus, GPU memory, labels). */
    private static final String FITS = """
            r.requested_gpus <= ? AND r.requested_gpu_memory_gb <= ? AND r.requested_labels <@ ?
            """;

    /** {@link #claim(List, RunnerCapabilities, WithLeases)} for one runner: its lease, or empty. */
    public Optional<Lease> claim(long runnerId, RunnerCapabilities capabilities) {
        return claim(List.of(runnerId), capabilities, (c, leases) -> leases).get(0);
    }

    /**
     * Leases the best eligible queued runs to several runners at once, in one statement and one
     * transaction: how the platform serves claims that arrive together (one commit for all of them
     * instead of one each). The runners must share one token (the teams they serve) and these
     * capabilities; a runner of another token than the first's, or one that does not exist, gets
     * nothing. Runners are served in list order, each with the run a claim of its own would have got
     * after the claims before it:
     * <ul>
     *   <li>highest priority first, then the team with the fewest active runs (fair share: a run
     *       leased earlier in the same statement counts as active), then the oldest run;</li>
     *   <li>each team's best eligible runs come straight off {@code run_queued_team_idx} (teams are
     *       few, queued runs many: no sort of the whole queue), locked {@code FOR UPDATE SKIP LOCKED},
     *       so concurrent claims never wait on each other and never get the same run (the candidates
     *       not leased stay locked only until this statement's transaction ends);</li>
     *   <li>teams' active runs are counted only when more than one team offers a candidate: the count
     *       is O(active runs of the team) and decides nothing when there is one team.</li>
     * </ul>
     * Only the teams the runners' token serves are considered: its team, or every team for a platform
     * runner token. Every runner's last contact is recorded, and its current run when it got one.
     * {@code withLeases} reads what the runners need on the claim's connection, before it commits,
     * so a run is never left leased without its assignment and the caller needs no transaction of its
     * own. The answer has one entry per runner, in list order.
     */
    public <T> List<Optional<T>> claim(List<Long> runnerIds, RunnerCapabilities capabilities, WithLeases<T> withLeases) {
        if (runnerIds.isEmpty()) {
            return List.of();
        }
        return Jdbc.inTransaction(dataSource, "claim runs", c -> {
            Instant now = clock.instant();
            Timestamp nowTs = Timestamp.from(now);
            List<Integer> slots = new ArrayList<>();
            List<Lease> leases = new ArrayList<>();
            // The limit is written into the text: with it as a parameter, which PostgreSQL's cached
            // plan cannot know, a lone claim took 2 to 3 times as long (pgbench, one client).
            String sql = CLAIM_FOR_EACH.replace("LIMIT :runners", "LIMIT " + runnerIds.size());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, runnerIds.get(0));
                ps.setArray(2, c.createArrayOf("bigint", runnerIds.toArray()));
                ps.setTimestamp(3, nowTs);
                int next = bindFits(c, ps, 4, capabilities);
                ps.setTimestamp(next, Timestamp.from(now.plus(settings.lease())));
                ps.setTimestamp(next + 1, nowTs);
                ps.setTimestamp(next + 2, nowTs);
                ps.setTimestamp(next + 3, nowTs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        slots.add(rs.getInt(1) - 1);
                        leases.add(new Lease(rs.getLong(2), rs.getInt(3), rs.getTimestamp(4).toInstant()));
                    }
                }
            }
            List<Optional<T>> answers = new ArrayList<>(Collections.nCopies(runnerIds.size(), Optional.<T>empty()));
            if (!leases.isEmpty()) {
                List<T> read = withLeases.read(c, leases);
                for (int i = 0; i < slots.size(); i++) {
                    answers.set(slots.get(i), Optional.of(read.get(i)));
                }
            }
            return answers;
        });
    }

    /** What a claim reads with its leases (one answer per lease, in order), on the claim's connection and in its transaction. */
    public interface WithLeases<T> {
        List<T> read(Connection c, List<Lease> leases) throws SQLException;
    }

    /**
     * The claim for several runners (see {@link #claim(List, RunnerCapabilities, WithLeases)}).
     * {@code serving}: the first runner's token and the team it serves (null: every team).
     * {@code claimant}: the runners of that token, numbered in list order ({@code ord}
     * is the position in the list, {@code slot} the turn among those served). {@code chosen}: the
     * candidates in the order claims one after another would take them; candidate k goes to the
     * claimant of slot k.
     */
    private static final String CLAIM_FOR_EACH = """
            WITH serving AS (
                SELECT rn.token_id, tk.team_id FROM runner rn JOIN api_token tk ON tk.id = rn.token_id WHERE rn.id = ?
            ), claimant AS (
                SELECT c.runner_id, c.ord, row_number() OVER (ORDER BY c.ord) AS slot
                FROM unnest(?::bigint[]) WITH ORDINALITY AS c(runner_id, ord)
                JOIN runner rn ON rn.id = c.runner_id
                JOIN serving s ON s.token_id = rn.token_id
            ), best AS (
                SELECT best.id, best.priority, t.id AS team_id,
                       row_number() OVER (PARTITION BY t.id ORDER BY best.priority DESC, best.id) AS in_team
                FROM team t
                CROSS JOIN LATERAL (
                    SELECT r.id, r.priority FROM run r
                    WHERE r.team_id = t.id AND r.status = 'QUEUED'
                      AND (r.not_before IS NULL OR r.not_before <= ?)
                      AND %s
                    ORDER BY r.priority DESC, r.id
                    LIMIT :runners
                    FOR UPDATE SKIP LOCKED
                ) best
                WHERE EXISTS (SELECT 1 FROM serving s WHERE s.team_id IS NULL OR s.team_id = t.id)
            ), active AS (
                SELECT a.team_id, count(*) AS runs FROM run a
                WHERE (SELECT count(DISTINCT team_id) FROM best) > 1
                  AND a.team_id IN (SELECT team_id FROM best) AND a.status IN ('LEASED', 'RUNNING')
                GROUP BY a.team_id
            ), chosen AS (
                SELECT b.id, row_number() OVER (ORDER BY b.priority DESC, coalesce(ac.runs, 0) + b.in_team, b.id) AS slot
                FROM best b LEFT JOIN active ac ON ac.team_id = b.team_id
            ), leased AS (
                UPDATE run SET status = 'LEASED', runner_id = cl.runner_id, attempt = run.attempt + 1,
                    lease_expires_at = ?, last_heartbeat_at = ?, not_before = NULL, updated_at = ?
                FROM chosen ch JOIN claimant cl ON cl.slot = ch.slot
                WHERE run.id = ch.id
                RETURNING cl.ord, run.id, run.attempt, run.lease_expires_at
            ), runner_contact AS (
                UPDATE runner SET last_heartbeat_at = ?, current_run_id = coalesce(l.id, runner.current_run_id)
                FROM claimant cl LEFT JOIN leased l ON l.ord = cl.ord
                WHERE runner.id = cl.runner_id
            )
            SELECT ord, id, attempt, lease_expires_at FROM leased ORDER BY ord
            """.formatted(FITS);

    /**
     * Leases one named run, if it is queued, due, within the runner's capabilities and of a team the
     * runner's token serves: how a pod that the Kubernetes launcher started for a run claims that run
     * and nothing else. Empty when the run is not claimable (taken, cancelled, not yet due, or locked
     * by a concurrent claim at this moment).
     */
    public Optional<Lease> claimRun(long runnerId, RunnerCapabilities capabilities, long runId) {
        return claimRun(runnerId, capabilities, runId, (c, leases) -> leases);
    }

    /** {@link #claimRun(long, RunnerCapabilities, long)} with a read in the claim's transaction, as for {@link #claim}. */
    public <T> Optional<T> claimRun(long runnerId, RunnerCapabilities capabilities, long runId, WithLeases<T> withLease) {
        return Jdbc.inTransaction(dataSource, "claim run " + runId, c -> {
            Instant now = clock.instant();
            Timestamp nowTs = Timestamp.from(now);
            try (PreparedStatement ps = c.prepareStatement(CLAIM_RUN)) {
                ps.setLong(1, runId);
                ps.setTimestamp(2, nowTs);
                int next = bindFits(c, ps, 3, capabilities);
                ps.setLong(next, runnerId);
                ps.setLong(next + 1, runnerId);
                ps.setTimestamp(next + 2, Timestamp.from(now.plus(settings.lease())));
                ps.setTimestamp(next + 3, nowTs);
                ps.setTimestamp(next + 4, nowTs);
                ps.setTimestamp(next + 5, nowTs);
                ps.setLong(next + 6, runnerId);
                Lease lease;
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<T>empty();
                    }
                    lease = new Lease(rs.getLong(1), rs.getInt(2), rs.getTimestamp(3).toInstant());
                }
                return Optional.of(withLease.read(c, List.of(lease)).get(0));
            }
        });
    }

    /**
     * The claim of one named run: the run if claimable, leased to the runner, and the runner's
     * contact (and current run when it got one) recorded, in one statement.
     */
    private static final String CLAIM_RUN = """
            WITH candidate AS (
                SELECT r.id FROM run r
                WHERE r.id = ? AND r.status = 'QUEUED' AND (r.not_before IS NULL OR r.not_before <= ?)
                  AND %s
                  AND EXISTS (SELECT 1 FROM runner rn JOIN api_token tk ON tk.id = rn.token_id
                              WHERE rn.id = ? AND (tk.team_id IS NULL OR tk.team_id = r.team_id))
                FOR UPDATE SKIP LOCKED
            ), leased AS (
                UPDATE run SET status = 'LEASED', runner_id = ?, attempt = run.attempt + 1,
                    lease_expires_at = ?, last_heartbeat_at = ?, not_before = NULL, updated_at = ?
                FROM candidate WHERE run.id = candidate.id
                RETURNING run.id, run.attempt, run.lease_expires_at
            ), runner_contact AS (
                UPDATE runner SET last_heartbeat_at = ?, current_run_id = coalesce((SELECT id FROM leased), current_run_id)
                WHERE id = ?
            )
            SELECT id, attempt, lease_expires_at FROM leased
            """.formatted(FITS);

    private static int bindFits(Connection c, PreparedStatement ps, int first, RunnerCapabilities capabilities)
            throws SQLException {
        ps.setInt(first, capabilities.gpus());
        ps.setInt(first + 1, capabilities.gpuMemoryGb());
        ps.setArray(first + 2, c.createArrayOf("text", capabilities.labels().toArray()));
        return first + 3;
    }

    /**
     * Extends the lease of a run the runner holds and records progress (and, when given, the
     * environment and the log tail).
     * The first heartbeat moves a leased run to RUNNING. A heartbeat after the lease expired still
     * succeeds while no one else has claimed the run: the attempt alone decides.
     */
    public HeartbeatAnswer heartbeat(long runId, long runnerId, int attempt, String progressJson,
                                     String environmentJson, String logTail) {
        String sql = """
                UPDATE run SET lease_expires_at = ?, last_heartbeat_at = ?, updated_at = ?,
                    status = 'RUNNING', started_at = coalesce(started_at, ?),
                    progress = coalesce(?::jsonb, progress), environment = coalesce(?::jsonb, environment),
                    log_tail = coalesce(?, log_tail)
                WHERE id = ? AND runner_id = ? AND attempt = ? AND status IN ('LEASED', 'RUNNING')
                RETURNING cancel_requested, lease_expires_at
                """;
        return Jdbc.inTransaction(dataSource, "record a heartbeat", c -> {
            Instant now = clock.instant();
            Timestamp nowTs = Timestamp.from(now);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, Timestamp.from(now.plus(settings.lease())));
                ps.setTimestamp(2, nowTs);
                ps.setTimestamp(3, nowTs);
                ps.setTimestamp(4, nowTs);
                ps.setString(5, progressJson);
                ps.setString(6, environmentJson);
                ps.setString(7, logTail);
                ps.setLong(8, runId);
                ps.setLong(9, runnerId);
                ps.setInt(10, attempt);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw stale(c, runId, attempt);
                    }
                    HeartbeatAnswer answer = new HeartbeatAnswer(rs.getBoolean(1), rs.getTimestamp(2).toInstant());
                    updateRunner(c, runnerId, runId, nowTs, true);
                    return answer;
                }
            }
        });
    }

    /**
     * Checks that the runner still holds the run at this attempt, and keeps it so (a share lock on
     * the row) until the caller's transaction ends: what the caller writes for the run cannot
     * interleave with a reap or a reassignment.
     */
    public void requireHeld(long runId, long runnerId, int attempt) {
        String sql = """
                SELECT 1 FROM run WHERE id = ? AND runner_id = ? AND attempt = ? AND status IN ('LEASED', 'RUNNING')
                FOR SHARE
                """;
        Jdbc.inTransaction(dataSource, "check the holder of run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, runId);
                ps.setLong(2, runnerId);
                ps.setInt(3, attempt);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw stale(c, runId, attempt);
                    }
                }
            }
            return null;
        });
    }

    /** Ends a run. Repeating the same call (a retry after a lost answer) succeeds without a change. */
    public void complete(long runId, long runnerId, int attempt, FinalStatus status, String error) {
        String sql = """
                UPDATE run SET status = ?, finished_at = ?, updated_at = ?, error = ?, lease_expires_at = NULL
                WHERE id = ? AND runner_id = ? AND attempt = ? AND status IN ('LEASED', 'RUNNING')
                RETURNING id
                """;
        Jdbc.inTransaction(dataSource, "complete a run", c -> {
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, status.name());
                ps.setTimestamp(2, now);
                ps.setTimestamp(3, now);
                ps.setString(4, error);
                ps.setLong(5, runId);
                ps.setLong(6, runnerId);
                ps.setInt(7, attempt);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        clearRunner(c, runnerId, runId);
                        return null;
                    }
                }
            }
            if (!isState(c, runId, attempt, status.name())) {
                throw stale(c, runId, attempt);
            }
            return null;
        });
    }

    /**
     * A runner hands its run back (it is shutting down): the run is queued again at once, to resume
     * from its last checkpoint, and this does not count against {@code max_attempts}. A run whose
     * cancel was requested ends as cancelled instead.
     */
    public void release(long runId, long runnerId, int attempt) {
        String sql = """
                UPDATE run SET
                    status = CASE WHEN cancel_requested THEN 'CANCELLED' ELSE 'QUEUED' END,
                    finished_at = CASE WHEN cancel_requested THEN ?::timestamptz ELSE NULL END,
                    runner_id = NULL, lease_expires_at = NULL, not_before = NULL, updated_at = ?
                WHERE id = ? AND runner_id = ? AND attempt = ? AND status IN ('LEASED', 'RUNNING')
                RETURNING id
                """;
        Jdbc.inTransaction(dataSource, "release a run", c -> {
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, now);
                ps.setTimestamp(2, now);
                ps.setLong(3, runId);
                ps.setLong(4, runnerId);
                ps.setInt(5, attempt);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        clearRunner(c, runnerId, runId);
                        return null;
                    }
                }
            }
            if (!isState(c, runId, attempt, "QUEUED") && !isState(c, runId, attempt, "CANCELLED")) {
                throw stale(c, runId, attempt);
            }
            return null;
        });
    }

    /**
     * Returns runs whose lease expired to the queue (claimable again after a backoff that doubles
     * per lost lease), fails those that lost {@code max_attempts} leases, and ends those whose
     * cancel was requested. Safe to run from several API replicas at once: the status and lease
     * guards are re-checked under each row's lock, so a run is reaped once, and a heartbeat that
     * extended the lease first keeps its run.
     */
    public ReapResult reap() {
        String sql = """
                UPDATE run SET
                    status = CASE WHEN cancel_requested THEN 'CANCELLED'
                                  WHEN failures + 1 >= max_attempts THEN 'FAILED' ELSE 'QUEUED' END,
                    not_before = CASE WHEN cancel_requested OR failures + 1 >= max_attempts THEN NULL
                                      ELSE ?::timestamptz + make_interval(secs => least(?, ? * power(2, least(failures, 20)))) END,
                    finished_at = CASE WHEN cancel_requested OR failures + 1 >= max_attempts THEN ?::timestamptz ELSE NULL END,
                    error = CASE WHEN failures + 1 >= max_attempts AND NOT cancel_requested
                                 THEN 'lease expired ' || (failures + 1) || ' times; max_attempts is ' || max_attempts
                                 ELSE error END,
                    failures = failures + 1, runner_id = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE status IN ('LEASED', 'RUNNING') AND lease_expires_at < ?
                RETURNING id, status
                """;
        return Jdbc.inTransaction(dataSource, "reap expired leases", c -> {
            Timestamp now = Timestamp.from(clock.instant());
            List<Long> requeued = new ArrayList<>();
            List<Long> failed = new ArrayList<>();
            List<Long> cancelled = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, now);
                ps.setDouble(2, settings.backoffMax().toMillis() / 1000.0);
                ps.setDouble(3, settings.backoffBase().toMillis() / 1000.0);
                ps.setTimestamp(4, now);
                ps.setTimestamp(5, now);
                ps.setTimestamp(6, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        switch (rs.getString(2)) {
                            case "QUEUED" -> requeued.add(rs.getLong(1));
                            case "FAILED" -> failed.add(rs.getLong(1));
                            default -> cancelled.add(rs.getLong(1));
                        }
                    }
                }
            }
            List<Long> all = new ArrayList<>(requeued);
            all.addAll(failed);
            all.addAll(cancelled);
            if (!all.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE runner SET current_run_id = NULL WHERE current_run_id = ANY(?)")) {
                    ps.setArray(1, c.createArrayOf("bigint", all.toArray()));
                    ps.executeUpdate();
                }
            }
            return new ReapResult(requeued, failed, cancelled);
        });
    }

    /**
     * Gives every active run a fresh lease when the platform starts: while the platform was down no
     * runner could heartbeat, so an expired lease then says nothing about the runner. Runners keep
     * heartbeating through an outage and renew within {@code grace}; a runner that really died is
     * reaped one grace later. Returns how many leases were extended.
     */
    public int extendLeasesAfterRestart(java.time.Duration grace) {
        String sql = """
                UPDATE run SET lease_expires_at = greatest(lease_expires_at, ?), updated_at = ?
                WHERE status IN ('LEASED', 'RUNNING')
                """;
        return Jdbc.inTransaction(dataSource, "extend leases after a restart", c -> {
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, Timestamp.from(now.plus(grace)));
                ps.setTimestamp(2, Timestamp.from(now));
                return ps.executeUpdate();
            }
        });
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
                    finished_at = CASE WHEN status = 'QUEUED' THEN ?::timestamptz ELSE finished_at END,
                    cancel_requested = true,
                    updated_at = ?
                WHERE id = ? AND status IN ('QUEUED', 'LEASED', 'RUNNING')
                RETURNING status
                """;
        return Jdbc.inTransaction(dataSource, "cancel run " + runId, c -> {
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setTimestamp(1, now);
                ps.setTimestamp(2, now);
                ps.setLong(3, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return "CANCELLED".equals(rs.getString(1)) ? CancelOutcome.CANCELLED : CancelOutcome.REQUESTED;
                    }
                }
            }
            return status(c, runId).map(s -> CancelOutcome.ALREADY_FINISHED).orElse(CancelOutcome.NOT_FOUND);
        });
    }

    /** Changes a queued run's priority; false (nothing changed) when the run is not queued. */
    public boolean reprioritise(long runId, int priority) {
        String sql = "UPDATE run SET priority = ?, updated_at = ? WHERE id = ? AND status = 'QUEUED'";
        return Jdbc.inTransaction(dataSource, "reprioritise run " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, priority);
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setLong(3, runId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static boolean isState(Connection c, long runId, int attempt, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM run WHERE id = ? AND attempt = ? AND status = ?")) {
            ps.setLong(1, runId);
            ps.setInt(2, attempt);
            ps.setString(3, status);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static StaleAttemptException stale(Connection c, long runId, int attempt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status, attempt FROM run WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new StaleAttemptException(runId, attempt, "no such run");
                }
                return new StaleAttemptException(runId, attempt, "the run is " + rs.getString(1)
                        + " at attempt " + rs.getInt(2));
            }
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

    private static void updateRunner(Connection c, long runnerId, Long runId, Timestamp now, boolean setRun)
            throws SQLException {
        String sql = setRun ? "UPDATE runner SET last_heartbeat_at = ?, current_run_id = ? WHERE id = ?"
                : "UPDATE runner SET last_heartbeat_at = ? WHERE id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, now);
            if (setRun) {
                ps.setLong(2, runId);
                ps.setLong(3, runnerId);
            } else {
                ps.setLong(2, runnerId);
            }
            ps.executeUpdate();
        }
    }

    private static void clearRunner(Connection c, long runnerId, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE runner SET current_run_id = NULL WHERE id = ? AND current_run_id = ?")) {
            ps.setLong(1, runnerId);
            ps.setLong(2, runId);
            ps.executeUpdate();
        }
    }
}

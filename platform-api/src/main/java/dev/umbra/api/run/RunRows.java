package dev.umbra.api.run;

import dev.umbra.api.queue.RunsQueued;
import dev.umbra.client.dto.RunStatus;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The one writer of new run rows, for a single submission and for a sweep of 10,000 alike, in plain
 * JDBC on the caller's transaction: {@code INSERT ... RETURNING id} for one run, one statement with
 * every column an array, unnested, for many (array literals cost more than Hibernate for a single
 * row). Persisting through Hibernate was a third of the submission path's profile (its insert
 * action, generated-value read-back and dirty checking).
 */
@ApplicationScoped
public class RunRows {

    private static final String INSERT = """
            INSERT INTO run (id, experiment_id, team_id, dataset_id, spec, resolved_spec, method, backbone, seed,
                             config_hash, run_hash, idempotency_key, priority, requested_gpus, requested_gpu_memory_gb,
                             requested_labels, created_at)
            OVERRIDING SYSTEM VALUE
            SELECT id, experiment_id, team_id, dataset_id, spec::json, resolved::json, method, backbone, seed,
                   config_hash, run_hash, idempotency_key, priority, gpus, memory,
                   ARRAY(SELECT json_array_elements_text(labels::json)), created_at
            FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::bigint[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::int[], ?::text[],
                        ?::timestamptz[])
                 AS t(id, experiment_id, team_id, dataset_id, spec, resolved, method, backbone, seed, config_hash,
                      run_hash, idempotency_key, priority, gpus, memory, labels, created_at)
            """;

    private static final String INSERT_ONE = """
            INSERT INTO run (experiment_id, team_id, dataset_id, spec, resolved_spec, method, backbone, seed, config_hash,
                             run_hash, idempotency_key, priority, requested_gpus, requested_gpu_memory_gb,
                             requested_labels, created_at)
            VALUES (?, ?, ?, ?::json, ?::json, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id
            """;

    private static final String[] TYPES = {"bigint", "bigint", "bigint", "bigint", "text", "text", "text", "text",
            "bigint", "text", "text", "text", "int4", "int4", "int4", "text", "timestamptz"};

    /** Another submission with the same Idempotency-Key inserted its run first (the unique key refused this one). */
    public static final class IdempotencyKeyTaken extends RuntimeException {
        IdempotencyKeyTaken(SQLException cause) {
            super(cause);
        }
    }

    private final AgroalDataSource dataSource;
    private final Event<RunsQueued> queued;

    public RunRows(AgroalDataSource dataSource, Event<RunsQueued> queued) {
        this.dataSource = dataSource;
        this.queued = queued;
    }

    /**
     * Inserts new queued runs (built by {@code RunService.prepare} or a sweep) and sets on each its
     * id and what the database filled in. They are not managed entities: nothing flushes them again.
     * Waiting claims hear of them once the caller's transaction commits ({@link RunsQueued}).
     */
    public void insert(List<Run> runs) {
        if (runs.isEmpty()) {
            return;
        }
        int n = runs.size();
        try (Connection c = dataSource.getConnection()) {
            if (n == 1) {
                insertOne(c, runs.get(0));
                queued.fire(new RunsQueued());
                return;
            }
            // Ids are drawn first so that each run's id is known without relying on RETURNING's order.
            long[] ids = new long[n];
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT nextval(pg_get_serial_sequence('run', 'id')) FROM generate_series(1, ?)")) {
                ps.setInt(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    for (int i = 0; rs.next(); i++) {
                        ids[i] = rs.getLong(1);
                    }
                }
            }
            // Typed arrays: the driver encodes each column by its element class.
            Object[][] columns = {new Long[n], new Long[n], new Long[n], new Long[n], new String[n], new String[n],
                    new String[n], new String[n], new Long[n], new String[n], new String[n], new String[n],
                    new Integer[n], new Integer[n], new Integer[n], new String[n], new Timestamp[n]};
            // Serialising 10,000 specs is the costly part of building the columns: in parallel (plain data, no context needed).
            IntStream.range(0, n).parallel().forEach(i -> {
                Run r = runs.get(i);
                columns[0][i] = ids[i];
                columns[1][i] = r.experimentId;
                columns[2][i] = r.teamId;
                columns[3][i] = r.dataset.id;
                columns[4][i] = r.spec.toString();
                columns[5][i] = r.resolvedSpec.toString();
                columns[6][i] = r.method;
                columns[7][i] = r.backbone;
                columns[8][i] = r.seed;
                columns[9][i] = r.configHash;
                columns[10][i] = r.runHash;
                columns[11][i] = r.idempotencyKey;
                columns[12][i] = r.priority;
                columns[13][i] = r.requestedGpus;
                columns[14][i] = r.requestedGpuMemoryGb;
                columns[15][i] = labels(r.requestedLabels);
                columns[16][i] = Timestamp.from(r.createdAt);
            });
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (int col = 0; col < columns.length; col++) {
                    ps.setArray(col + 1, c.createArrayOf(TYPES[col], columns[col]));
                }
                ps.executeUpdate();
            }
            for (int i = 0; i < n; i++) {
                inserted(runs.get(i), ids[i]);
            }
            queued.fire(new RunsQueued());
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("idempotency_key")) {
                throw new IdempotencyKeyTaken(e);
            }
            throw new IllegalStateException("inserting " + n + " runs failed", e);
        }
    }

    private static void insertOne(Connection c, Run r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_ONE)) {
            ps.setLong(1, r.experimentId);
            ps.setLong(2, r.teamId);
            ps.setLong(3, r.dataset.id);
            ps.setString(4, r.spec.toString());
            ps.setString(5, r.resolvedSpec.toString());
            ps.setString(6, r.method);
            ps.setString(7, r.backbone);
            ps.setLong(8, r.seed);
            ps.setString(9, r.configHash);
            ps.setString(10, r.runHash);
            ps.setString(11, r.idempotencyKey);
            ps.setInt(12, r.priority);
            ps.setInt(13, r.requestedGpus);
            ps.setInt(14, r.requestedGpuMemoryGb);
            ps.setArray(15, c.createArrayOf("text", r.requestedLabels));
            ps.setTimestamp(16, Timestamp.from(r.createdAt));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                inserted(r, rs.getLong(1));
            }
        }
    }

    /** Sets what the database filled in: the id; queued, never attempted. */
    private static void inserted(Run run, long id) {
        run.id = id;
        run.status = RunStatus.QUEUED;
        run.attempt = 0;
        run.cancelRequested = false;
        run.logTail = "";
    }

    /** Labels as a JSON array of strings (a text[] of arrays cannot be unnested one row per run). */
    private static String labels(String[] labels) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < labels.length; i++) {
            // Labels match SpecParser.LABEL ([a-z0-9._-]): nothing to escape.
            json.append(i == 0 ? "\"" : ",\"").append(labels[i]).append('"');
        }
        return json.append(']').toString();
    }
}

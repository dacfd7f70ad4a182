package dev.umbra.api.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.api.queue.RunsQueued;
import dev.umbra.client.dto.RunStatus;
import dev.umbra.client.spec.SpecJson;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one writer of new run rows, for a single submission and for a sweep of 10,000 alike, in plain
 * JDBC on the caller's transaction: {@code INSERT ... RETURNING id} for one run, one statement with
 * every column an array, unnested, for many (array literals cost more than Hibernate for a single
 * row). Persisting through Hibernate was a third of the submission path's profile (its insert
 * action, generated-value read-back and dirty checking).
 *
 * <p>Runs that share a {@link Configuration} (a sweep's seeds of one configuration) share its
 * resolved spec: about 1,400 characters, sent and stored once per configuration in
 * {@code resolved_spec}, around the seed (V19; {@code run_resolved_spec(resolved_spec_id, seed)}
 * reads a run's). Written once per run, the text was most of what a 10,000-run sweep's insert cost
 * PostgreSQL (bench/sweeps/RESULTS.md).
 */
@ApplicationScoped
public class RunRows {

    /**
     * One text per configuration (its ids drawn in the statement), then the runs. The runs' foreign
     * key sees the texts: PostgreSQL checks it at the end of the statement. Public for
     * bench/sweeps/AcceptanceBench, which times this very statement as PostgreSQL's own limit.
     * Parameters: the configurations' columns ({@code c}), then the runs' ({@code r}), each an array.
     */
    public static final String INSERT = """
            WITH configuration AS MATERIALIZED (
                SELECT c.*, nextval(pg_get_serial_sequence('resolved_spec', 'id')) AS resolved_spec_id
                FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::int[], ?::int[], ?::int[], ?::text[], ?::int[]) WITH ORDINALITY
                     AS c(experiment_id, team_id, dataset_id, head, tail, method, backbone, config_hash, priority, gpus,
                          memory, labels, epochs, configuration)
            ), spec_text AS (
                INSERT INTO resolved_spec (id, experiment_id, head, tail) OVERRIDING SYSTEM VALUE
                SELECT resolved_spec_id, experiment_id, head, tail FROM configuration
            )
            INSERT INTO run (id, experiment_id, team_id, dataset_id, spec, resolved_spec_id, method, backbone, seed,
                             config_hash, run_hash, idempotency_key, priority, requested_gpus, requested_gpu_memory_gb,
                             requested_labels, created_at, epochs)
            OVERRIDING SYSTEM VALUE
            SELECT r.id, c.experiment_id, c.team_id, c.dataset_id, r.spec::json, c.resolved_spec_id, c.method, c.backbone,
                   r.seed, c.config_hash, r.run_hash, r.idempotency_key, c.priority, c.gpus, c.memory, c.labels::text[],
                   r.created_at, c.epochs
            FROM unnest(?::bigint[], ?::int[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                 AS r(id, configuration, seed, spec, run_hash, idempotency_key, created_at)
            JOIN configuration c USING (configuration)
            """;

    private static final String INSERT_ONE = """
            WITH spec_text AS (INSERT INTO resolved_spec (experiment_id, head, tail) VALUES (?, ?, ?) RETURNING id)
            INSERT INTO run (experiment_id, team_id, dataset_id, spec, resolved_spec_id, method, backbone, seed, config_hash,
                             run_hash, idempotency_key, priority, requested_gpus, requested_gpu_memory_gb,
                             requested_labels, created_at, epochs)
            SELECT ?, ?, ?, ?::json, spec_text.id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM spec_text
            RETURNING id
            """;

    private static final String[] RUN_TYPES = {"bigint", "int4", "bigint", "text", "text", "text", "timestamptz"};
    private static final String[] CONFIGURATION_TYPES = {"bigint", "bigint", "bigint", "text", "text", "text", "text",
            "text", "int4", "int4", "int4", "text", "int4"};

    /**
     * What runs of one configuration share: all but the seed and what follows from it. One
     * {@code resolved_spec} row per instance in a statement.
     *
     * @param resolvedSpec the canonical resolved spec around the seed, as {@code SpecJson.seedTemplate} writes it
     * @param epochs       the resolved spec's epochs, a column of its own for leaderboards
     */
    public record Configuration(long experimentId, long teamId, long datasetId, SpecJson.SeedTemplate resolvedSpec,
                                String method, String backbone, String configHash, int priority, int requestedGpus,
                                int requestedGpuMemoryGb, String[] requestedLabels, int epochs) {
    }

    /** A new queued run: its configuration, its seed, its submitted spec's text and what else is its own. */
    public record NewRun(Configuration configuration, long seed, String spec, String runHash, String idempotencyKey,
                         Instant createdAt) {
    }

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
     * Inserts new queued runs (built by {@code RunService.prepare}) and sets on each its id and what
     * the database filled in. They are not managed entities: nothing flushes them again.
     */
    public void insert(List<Run> runs) {
        if (runs.size() == 1) {
            Run run = runs.get(0);
            try (Connection c = dataSource.getConnection()) {
                inserted(run, insertOne(c, run));
            } catch (SQLException e) {
                throw failed(e, 1);
            }
            queued.fire(new RunsQueued());
            return;
        }
        List<NewRun> rows = new ArrayList<>(runs.size());
        for (Run r : runs) {
            Configuration own = new Configuration(r.experimentId, r.teamId, r.dataset.id,
                    SpecJson.seedTemplate((ObjectNode) r.resolvedSpec), r.method, r.backbone, r.configHash, r.priority,
                    r.requestedGpus, r.requestedGpuMemoryGb, r.requestedLabels, epochs(r));
            rows.add(new NewRun(own, r.seed, r.spec.toString(), r.runHash, r.idempotencyKey, r.createdAt));
        }
        long[] ids = insertAll(rows);
        for (int i = 0; i < ids.length; i++) {
            inserted(runs.get(i), ids[i]);
        }
    }

    /**
     * Inserts new queued runs in one statement and returns their ids, in order. Waiting claims hear
     * of them once the caller's transaction commits ({@link RunsQueued}).
     */
    public long[] insertAll(List<NewRun> runs) {
        int n = runs.size();
        if (n == 0) {
            return new long[0];
        }
        Map<Configuration, Integer> ordinals = new IdentityHashMap<>();
        List<Configuration> configurations = new ArrayList<>();
        Object[][] perRun = {new Long[n], new Integer[n], new Long[n], new String[n], new String[n], new String[n],
                new Timestamp[n]};
        try (Connection c = dataSource.getConnection()) {
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
            for (int i = 0; i < n; i++) {
                NewRun r = runs.get(i);
                perRun[0][i] = ids[i];
                perRun[1][i] = ordinals.computeIfAbsent(r.configuration(), k -> {
                    configurations.add(k);
                    return configurations.size(); // WITH ORDINALITY counts from 1
                });
                perRun[2][i] = r.seed();
                perRun[3][i] = r.spec();
                perRun[4][i] = r.runHash();
                perRun[5][i] = r.idempotencyKey();
                perRun[6][i] = Timestamp.from(r.createdAt());
            }
            int m = configurations.size();
            Object[][] perConfiguration = {new Long[m], new Long[m], new Long[m], new String[m], new String[m],
                    new String[m], new String[m], new String[m], new Integer[m], new Integer[m], new Integer[m], new String[m],
                    new Integer[m]};
            for (int k = 0; k < m; k++) {
                Configuration conf = configurations.get(k);
                perConfiguration[0][k] = conf.experimentId();
                perConfiguration[1][k] = conf.teamId();
                perConfiguration[2][k] = conf.datasetId();
                perConfiguration[3][k] = conf.resolvedSpec().head();
                perConfiguration[4][k] = conf.resolvedSpec().tail();
                perConfiguration[5][k] = conf.method();
                perConfiguration[6][k] = conf.backbone();
                perConfiguration[7][k] = conf.configHash();
                perConfiguration[8][k] = conf.priority();
                perConfiguration[9][k] = conf.requestedGpus();
                perConfiguration[10][k] = conf.requestedGpuMemoryGb();
                perConfiguration[11][k] = labels(conf.requestedLabels());
                perConfiguration[12][k] = conf.epochs();
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                int parameter = 1;
                for (int col = 0; col < perConfiguration.length; col++) {
                    ps.setArray(parameter++, c.createArrayOf(CONFIGURATION_TYPES[col], perConfiguration[col]));
                }
                for (int col = 0; col < perRun.length; col++) {
                    ps.setArray(parameter++, c.createArrayOf(RUN_TYPES[col], perRun[col]));
                }
                ps.executeUpdate();
            }
            queued.fire(new RunsQueued());
            return ids;
        } catch (SQLException e) {
            throw failed(e, n);
        }
    }

    private static RuntimeException failed(SQLException e, int runs) {
        if ("23505".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("idempotency_key")) {
            return new IdempotencyKeyTaken(e);
        }
        return new IllegalStateException("inserting " + runs + " runs failed", e);
    }

    private static long insertOne(Connection c, Run r) throws SQLException {
        SpecJson.SeedTemplate resolved = SpecJson.seedTemplate((ObjectNode) r.resolvedSpec);
        try (PreparedStatement ps = c.prepareStatement(INSERT_ONE)) {
            ps.setLong(1, r.experimentId);
            ps.setString(2, resolved.head());
            ps.setString(3, resolved.tail());
            ps.setLong(4, r.experimentId);
            ps.setLong(5, r.teamId);
            ps.setLong(6, r.dataset.id);
            ps.setString(7, r.spec.toString());
            ps.setString(8, r.method);
            ps.setString(9, r.backbone);
            ps.setLong(10, r.seed);
            ps.setString(11, r.configHash);
            ps.setString(12, r.runHash);
            ps.setString(13, r.idempotencyKey);
            ps.setInt(14, r.priority);
            ps.setInt(15, r.requestedGpus);
            ps.setInt(16, r.requestedGpuMemoryGb);
            ps.setArray(17, c.createArrayOf("text", r.requestedLabels));
            ps.setTimestamp(18, Timestamp.from(r.createdAt));
            ps.setInt(19, epochs(r));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int epochs(Run run) {
        return run.resolvedSpec.get("epochs").intValue();
    }

    /** Sets what the database filled in: the id; queued, never attempted. */
    private static void inserted(Run run, long id) {
        run.id = id;
        run.status = RunStatus.QUEUED;
        run.attempt = 0;
        run.cancelRequested = false;
        run.logTail = "";
    }

    /**
     * Labels as a PostgreSQL array literal, each quoted (an unquoted label "null" would be read as
     * NULL). Labels match {@code SpecParser.LABEL} ([a-z0-9._-]): nothing to escape.
     */
    private static String labels(String[] labels) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < labels.length; i++) {
            literal.append(i == 0 ? "\"" : ",\"").append(labels[i]).append('"');
        }
        return literal.append('}').toString();
    }
}

import dev.umbra.api.run.RunRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Acceptance of a large sweep, and PostgreSQL's own limit for it, on one machine in one run
 * (`bench/sweeps/run-acceptance.sh [runs] [submissions]`, which starts the platform and passes its URL).
 *
 * <ol>
 *   <li>Platform: R sweeps of N runs each (learning rates x 100 seeds) are POSTed one after another;
 *       each is timed from the POST to its 201 (expand, validate, hash, insert, commit), with the
 *       server's CPU (platform JVM and PostgreSQL). One smaller sweep first warms the JIT.</li>
 *   <li>Raw: the last sweep's N run rows are read back and inserted again by one client in one
 *       statement of the shape the platform uses (columns as arrays, unnested; the resolved spec's text
 *       once per configuration) and committed.</li>
 *   <li>What a run row costs PostgreSQL: the same rows, staged in a temporary table as the text they
 *       travel as, inserted into copies of {@code run} that lack one part more each time (its foreign
 *       keys, its secondary indexes; then with each run's resolved spec in its row, as before V19), and
 *       the whole copy with its hash checks as regular expressions, as before V20; the best of two.</li>
 * </ol>
 * Checks that every sweep holds N positions and queued N runs; exits 1 otherwise.
 */
public class AcceptanceBench {


    public static void main(String[] args) throws Exception {
        PlatformHttp http = new PlatformHttp(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int submissions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ServerCpu server = ServerCpu.ofStartedPlatform();
        List<String> problems = new ArrayList<>();

        long experiment = PlatformHttp.number(http.send("POST", "/api/v1/experiments", "{\"name\": \"sweep bench\"}", null, 201), "id");
        http.send("POST", "/api/v1/experiments/" + experiment + "/sweeps", PlatformHttp.sweep(Math.min(runs, 1_000)), null, 201);

        double[] ms = new double[submissions];
        long cpu = 0;
        long jvm = 0;
        long lastSweep = 0;
        for (int i = 0; i < submissions; i++) {
            long cpu0 = server.millis();
            long jvm0 = server.platformMillis();
            long start = System.nanoTime();
            String answer = http.send("POST", "/api/v1/experiments/" + experiment + "/sweeps", PlatformHttp.sweep(runs), null, 201);
            ms[i] = (System.nanoTime() - start) / 1e6;
            cpu += server.millis() - cpu0;
            jvm += server.platformMillis() - jvm0;
            lastSweep = PlatformHttp.number(answer, "id");
            int[] check = positionsAndQueued(lastSweep);
            if (check[0] != runs || check[1] != runs) {
                problems.add("sweep " + lastSweep + " has " + check[0] + " positions and " + check[1] + " queued runs, not " + runs);
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double platformMs = sorted[(submissions - 1) / 2];
        System.out.printf("platform: a sweep of %,d runs accepted over REST in %.0f ms (median of %d; each: %s);"
                        + " server CPU %.0f ms per sweep (platform JVM %.0f, PostgreSQL %.0f)%n", runs, platformMs, submissions,
                Arrays.toString(Arrays.stream(ms).mapToLong(Math::round).toArray()), cpu / (double) submissions,
                jvm / (double) submissions, (cpu - jvm) / (double) submissions);

        Raw raw = rawInsert(server, lastSweep);
        System.out.printf("raw INSERT of the same %,d run rows (one statement, committed): %.0f ms, server CPU %d ms%n",
                runs, raw.ms, raw.cpu);
        System.out.printf("platform / raw time: %.1f%n", platformMs / raw.ms);
        if (raw.rows != runs) {
            problems.add("the raw insert wrote " + raw.rows + " rows, not " + runs);
        }
        rowCost(server, lastSweep, runs, problems);
        if (!problems.isEmpty()) {
            System.out.println("FAILED: " + String.join("; ", problems));
            System.exit(1);
        }
        System.out.println("OK: every sweep accepted whole (201, all positions, all runs queued)");
    }

    record Raw(double ms, long cpu, int rows) {
    }

    /** Copies of run, each without one more of what an insert pays for: {label, LIKE options, DDL after the copy's CREATE TABLE}. */
    private static final String FOREIGN_KEYS = "ALTER TABLE copy ADD FOREIGN KEY (experiment_id) REFERENCES experiment (id),"
            + " ADD FOREIGN KEY (team_id) REFERENCES team (id), ADD FOREIGN KEY (dataset_id) REFERENCES dataset (id),"
            + " ADD FOREIGN KEY (resolved_spec_id) REFERENCES resolved_spec (id)";

    private static final String[][] COPIES = {
        {"a copy of run: its indexes, checks, foreign keys", "INCLUDING ALL", FOREIGN_KEYS},
        {"  with its hash checks as regular expressions (as before V20)", "INCLUDING ALL", FOREIGN_KEYS
            + "; ALTER TABLE copy DROP CONSTRAINT run_config_hash_check, DROP CONSTRAINT run_run_hash_check,"
            + " ADD CHECK (config_hash ~ '^[0-9a-f]{64}$'), ADD CHECK (run_hash ~ '^[0-9a-f]{64}$')"},
        {"  without the foreign keys", "INCLUDING ALL", null},
        {"  and without the secondary indexes", "INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS",
            "ALTER TABLE copy ADD PRIMARY KEY (id)"},
        {"  and with each run's resolved spec in its row (json, as before V19)", "INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS",
            "ALTER TABLE copy ADD PRIMARY KEY (id); ALTER TABLE copy ADD COLUMN resolved_spec json"},
    };

    /** In the platform's throwaway database: the copies are ordinary tables, written to the WAL as run is. */
    static void rowCost(ServerCpu server, long sweep, int runs, List<String> problems) throws Exception {
        String columns = "experiment_id, team_id, dataset_id, spec, resolved_spec_id, method, backbone, seed, config_hash, run_hash,"
                + " created_at, epochs";
        try (Connection c = PlatformDatabase.open(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE staged AS SELECT " + columns.replace("spec,", "spec::text AS spec,")
                    + ", run_resolved_spec(resolved_spec_id, seed)::text AS resolved_spec"
                    + " FROM run WHERE id IN (SELECT run_id FROM sweep_run WHERE sweep_id = " + sweep + ")");
            try (ResultSet rs = s.executeQuery("SELECT avg(length(spec)), avg(length(resolved_spec)) FROM staged")) {
                rs.next();
                System.out.printf("what a run row costs PostgreSQL (%,d rows; specs of %.0f and %.0f characters as submitted and resolved;"
                        + " best of 2):%n", runs, rs.getDouble(1), rs.getDouble(2));
            }
            for (String[] copy : COPIES) {
                boolean withResolved = copy[2] != null && copy[2].contains("resolved_spec json");
                String target = withResolved ? columns + ", resolved_spec" : columns;
                String values = target.replace("spec,", "spec::json,").replace("resolved_spec", "resolved_spec::json")
                        .replace("resolved_spec::json_id", "resolved_spec_id");
                double best = Double.MAX_VALUE;
                long bestCpu = 0;
                for (int round = 0; round < 2; round++) {
                    s.execute("DROP TABLE IF EXISTS copy");
                    s.execute("CREATE TABLE copy (LIKE run " + copy[1] + ")"); // logged, as run is
                    if (copy[2] != null) {
                        for (String ddl : copy[2].split("; ")) {
                            s.execute(ddl);
                        }
                    }
                    c.setAutoCommit(false);
                    long cpu0 = server.postgresMillis();
                    long start = System.nanoTime();
                    int inserted = s.executeUpdate("INSERT INTO copy (" + target + ") SELECT " + values + " FROM staged");
                    c.commit();
                    double ms = (System.nanoTime() - start) / 1e6;
                    c.setAutoCommit(true);
                    Thread.sleep(200); // a live process' CPU is read in 10 ms ticks: let the backend's settle
                    if (ms < best) {
                        best = ms;
                        bestCpu = server.postgresMillis() - cpu0;
                    }
                    if (inserted != runs) {
                        problems.add(copy[0].strip() + ": inserted " + inserted + " rows, not " + runs);
                    }
                }
                System.out.printf("  %-75s %6.0f ms, PostgreSQL CPU %d ms%n", copy[0], best, bestCpu);
            }
            s.execute("DROP TABLE copy");
        }
    }

    static int[] positionsAndQueued(long sweep) throws Exception {
        try (Connection c = PlatformDatabase.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE r.status = 'QUEUED')"
                     + " FROM sweep_run sr JOIN run r ON r.id = sr.run_id WHERE sr.sweep_id = " + sweep)) {
            rs.next();
            return new int[] {rs.getInt(1), rs.getInt(2)};
        }
    }

    /**
     * Reads the sweep's run rows into the client, then times inserting them again with the platform's
     * own statement ({@link RunRows#INSERT}, inlined at compile time): one resolved spec text per
     * configuration, then per run its id, seed, submitted spec and run hash; every column an array,
     * one statement, one commit.
     */
    static Raw rawInsert(ServerCpu server, long sweep) throws Exception {
        try (Connection c = PlatformDatabase.open()) {
            Map<Long, Integer> configurations = new LinkedHashMap<>();
            List<Object[]> perConfiguration = new ArrayList<>();
            List<Object[]> perRunRows = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT r.experiment_id, r.team_id, r.dataset_id,"
                    + " t.head, t.tail, r.method, r.backbone, r.config_hash, r.priority, r.requested_gpus, r.requested_gpu_memory_gb,"
                    + " r.requested_labels::text, r.epochs, r.resolved_spec_id, r.seed, r.spec::text, r.run_hash"
                    + " FROM run r JOIN resolved_spec t ON t.id = r.resolved_spec_id"
                    + " WHERE r.id IN (SELECT run_id FROM sweep_run WHERE sweep_id = " + sweep + ") ORDER BY r.id")) {
                while (rs.next()) {
                    Object[] configuration = new Object[13];
                    for (int i = 0; i < configuration.length; i++) {
                        configuration[i] = rs.getObject(i + 1);
                    }
                    int ordinal = configurations.computeIfAbsent(rs.getLong(14), id -> {
                        perConfiguration.add(configuration);
                        return perConfiguration.size();
                    });
                    perRunRows.add(new Object[] {ordinal, rs.getLong(15), rs.getString(16), rs.getString(17)});
                }
            }
            int n = perRunRows.size();
            Object[][] perRun = {new Long[n], new Integer[n], new Long[n], new String[n], new String[n], new String[n],
                    new Timestamp[n]};
            Timestamp now = new Timestamp(System.currentTimeMillis());
            for (int i = 0; i < n; i++) {
                for (int col = 0; col < 4; col++) {
                    perRun[col + 1][i] = perRunRows.get(i)[col];
                }
                perRun[6][i] = now;
            }
            String[] configurationTypes = {"bigint", "bigint", "bigint", "text", "text", "text", "text", "text", "int4",
                    "int4", "int4", "text", "int4"};
            Object[][] configurationColumns = new Object[configurationTypes.length][];
            for (int col = 0; col < configurationColumns.length; col++) {
                configurationColumns[col] = new Object[perConfiguration.size()];
                for (int k = 0; k < perConfiguration.size(); k++) {
                    configurationColumns[col][k] = perConfiguration.get(k)[col];
                }
            }
            c.setAutoCommit(false);
            long cpu0 = server.millis();
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT nextval(pg_get_serial_sequence('run', 'id')) FROM generate_series(1, ?)")) {
                ps.setInt(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    for (int i = 0; rs.next(); i++) {
                        perRun[0][i] = rs.getLong(1);
                    }
                }
            }
            int inserted;
            try (PreparedStatement ps = c.prepareStatement(RunRows.INSERT)) {
                int parameter = 1;
                for (int col = 0; col < configurationColumns.length; col++) {
                    ps.setArray(parameter++, c.createArrayOf(configurationTypes[col], configurationColumns[col]));
                }
                String[] runTypes = {"bigint", "int4", "bigint", "text", "text", "text", "timestamptz"};
                for (int col = 0; col < perRun.length; col++) {
                    ps.setArray(parameter++, c.createArrayOf(runTypes[col], perRun[col]));
                }
                inserted = ps.executeUpdate();
            }
            c.commit();
            double ms = (System.nanoTime() - start) / 1e6;
            long cpu = server.millis() - cpu0;
            return new Raw(ms, cpu, inserted);
        }
    }
}

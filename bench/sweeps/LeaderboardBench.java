import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Leaderboard latency on a running platform (run-leaderboard.sh starts the platform and passes its
 * URL). Loads 10,000 succeeded runs x 50 evaluation metrics straight into its PostgreSQL (one board:
 * 12 methods, 3,334 configurations, 3 seeds), then times the leaderboard and the compute view over
 * HTTP, with the server's CPU per request. Any answer but 200 ends it with an error.
 */
public class LeaderboardBench {

    static PlatformHttp http;
    static ServerCpu server;

    static final String[] METHODS = {"simclr", "moco-v2", "byol", "simsiam", "barlow-twins", "vicreg", "swav", "dino",
            "dae", "mae", "random-init", "supervised"};

    public static void main(String[] args) throws Exception {
        http = new PlatformHttp(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int metrics = 50;
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        server = ServerCpu.ofStartedPlatform();

        long experiment;
        try (Connection c = PlatformDatabase.open(); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            experiment = load(c, runs, metrics);
            System.out.printf("loaded %,d runs x %d metrics (%,d results) in %.1f s%n", runs, metrics, (long) runs * metrics,
                    (System.nanoTime() - start) / 1e9);
            s.execute("VACUUM ANALYZE"); // what autovacuum does soon after a bulk load
        }

        String board = "/api/v1/leaderboard?dataset=fashion-mnist-sample&backbone=resnet18-cifar&epochs=100";
        time("leaderboard, one board of " + runs + " runs, top 50 rows with all 50 metrics", board, repetitions);
        time("leaderboard, team-wide (no filter), top 50 rows", "/api/v1/leaderboard", repetitions);
        time("leaderboard ranked by another metric (label-efficiency/top1@7%)",
                board + "&metric=label-efficiency/top1@7%25", repetitions);
        time("compute view of the board", "/api/v1/compute?experiment_id=" + experiment, Math.min(5, repetitions));
        System.out.println("OK: every request answered 200");
    }

    static long load(Connection c, int runs, int metrics) throws Exception {
        c.setAutoCommit(false);
        long experiment;
        long dataset;
        try (Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("INSERT INTO experiment (team_id, name) SELECT id, 'leaderboard bench' FROM team"
                    + " WHERE name = 'default' RETURNING id");
            rs.next();
            experiment = rs.getLong(1);
            rs = s.executeQuery("SELECT id FROM dataset WHERE name = 'fashion-mnist-sample'");
            rs.next();
            dataset = rs.getLong(1);
        }
        String methods = "ARRAY['" + String.join("','", METHODS) + "']";
        try (PreparedStatement ps = c.prepareStatement("""
                WITH spec_text AS (INSERT INTO resolved_spec (experiment_id, head, tail) VALUES (?, '{"epochs":100,"seed":', '}')
                              RETURNING id)
                INSERT INTO run (experiment_id, team_id, dataset_id, spec, resolved_spec_id, method, backbone, seed, config_hash,
                                 run_hash, status, started_at, finished_at, environment, epochs)
                SELECT ?, t.id, ?, '{}', spec_text.id, (%s)[1 + (g / 3) %% 12],
                       'resnet18-cifar', g %% 3, lpad(to_hex(g / 3), 64, '0'), lpad(to_hex(g + 1000000), 64, '0'), 'SUCCEEDED',
                       now() - make_interval(secs => 3000 + (g / 3) %% 600), now(), '{"device": "gpu(0)", "gpu_count": 1}', 100
                FROM generate_series(0, ? - 1) g, team t, spec_text WHERE t.name = 'default'
                """.formatted(methods))) {
            ps.setLong(1, experiment);
            ps.setLong(2, experiment);
            ps.setLong(3, dataset);
            ps.setInt(4, runs);
            ps.executeUpdate();
        }
        List<String> names = new ArrayList<>(List.of("('linear-probe/v1', 'linear-probe/top1')", "('knn/v1', 'knn/top1')"));
        for (int i = 1; names.size() < metrics; i++) {
            names.add("('label-efficiency/v1', 'label-efficiency/top1@" + i + "%')");
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO eval_result (run_id, epoch, protocol, protocol_params, metric, value)
                SELECT r.id, 100, m.protocol, '{}', m.metric, random() FROM run r, (VALUES %s) AS m(protocol, metric)
                WHERE r.experiment_id = ?
                """.formatted(String.join(", ", names)))) {
            ps.setLong(1, experiment);
            ps.executeUpdate();
        }
        c.commit();
        c.setAutoCommit(true);
        return experiment;
    }

    static void time(String name, String path, int repetitions) throws Exception {
        for (int i = 0; i < 3; i++) {
            http.send("GET", path, null, null, 200); // warm-up: JIT, plans, caches
        }
        double[] ms = new double[repetitions];
        int bytes = 0;
        long cpuBefore = server.millis();
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            bytes = http.send("GET", path, null, null, 200).length();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        double cpuPerRequest = (server.millis() - cpuBefore) / (double) repetitions;
        Arrays.sort(ms);
        System.out.printf("%s: p50 %.0f ms, p95 %.0f ms, max %.0f ms; server CPU %.0f ms per request (%d requests, %,d bytes each)%n",
                name, ms[repetitions / 2], ms[(int) Math.ceil(repetitions * 0.95) - 1], ms[repetitions - 1], cpuPerRequest,
                repetitions, bytes);
    }
}

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Leaderboard and sweep-creation latency on a running platform (single-file program; run-leaderboard.sh
 * starts the platform and passes its URL and database). Loads 10,000 succeeded runs x 50 evaluation
 * metrics straight into PostgreSQL (one board: 12 methods, 3,334 configurations, 3 seeds), then times
 * the leaderboard over HTTP, and the submission of a sweep that expands to 10,000 runs.
 */
public class LeaderboardBench {

    /** A text in the command lines of the platform and its PostgreSQL (their data directory), to sum their CPU time. */
    static String marker;

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final String[] METHODS = {"simclr", "moco-v2", "byol", "simsiam", "barlow-twins", "vicreg", "swav", "dino",
            "dae", "mae", "random-init", "supervised"};

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String jdbc = args[1];
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int metrics = 50;
        int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        marker = args.length > 4 ? args[4] : null;

        long experiment;
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", ""); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            experiment = load(c, runs, metrics);
            System.out.printf("loaded %,d runs x %d metrics (%,d results) in %.1f s%n", runs, metrics, (long) runs * metrics,
                    (System.nanoTime() - start) / 1e9);
            s.execute("VACUUM ANALYZE"); // what autovacuum does soon after a bulk load
        }

        String board = "/api/v1/leaderboard?dataset=fashion-mnist-sample&backbone=resnet18-cifar&epochs=100";
        time("leaderboard, one board of 10,000 runs, top 50 rows with all 50 metrics", base + board, repetitions);
        time("leaderboard, team-wide (no filter), top 50 rows", base + "/api/v1/leaderboard", repetitions);
        time("leaderboard ranked by another metric (label-efficiency/top1@7%)",
                base + board + "&metric=label-efficiency/top1@7%25", repetitions);
        time("compute view of the board (3,334 points)", base + "/api/v1/compute?experiment_id=" + experiment, 5);

        // A sweep of 10,000 runs: 100 learning rates x 100 temperatures, one seed.
        StringBuilder lrs = new StringBuilder();
        StringBuilder temperatures = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            lrs.append(i == 1 ? "" : ", ").append(i / 100.0);
            temperatures.append(i == 1 ? "" : ", ").append(i / 200.0);
        }
        String sweep = "{\"base\": {\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 1},"
                + " \"axes\": [{\"path\": \"optimizer.lr\", \"values\": [" + lrs + "]}, {\"path\": \"method.params.temperature\","
                + " \"values\": [" + temperatures + "]}], \"seeds\": [%d]}";
        for (int seed = 1; seed <= 3; seed++) {
            long start = System.nanoTime();
            long cpu = serverCpuMillis();
            String answer = send("POST", base + "/api/v1/experiments/" + experiment + "/sweeps", String.format(sweep, seed), 201);
            double submitted = (System.nanoTime() - start) / 1e6;
            long submitCpu = serverCpuMillis() - cpu;
            long id = Long.parseLong(answer.replaceAll("(?s)^\\{\"id\":(\\d+),.*", "$1"));
            start = System.nanoTime();
            send("POST", base + "/api/v1/sweeps/" + id + "/cancel", null, 200);
            System.out.printf("sweep of 10,000 runs: submitted (expanded, validated, inserted) in %.0f ms (server CPU %d ms);"
                    + " cancelled in %.0f ms%n", submitted, submitCpu, (System.nanoTime() - start) / 1e6);
        }
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
                INSERT INTO run (experiment_id, team_id, dataset_id, spec, resolved_spec, method, backbone, seed, config_hash,
                                 run_hash, status, started_at, finished_at, environment)
                SELECT ?, t.id, ?, '{}', jsonb_build_object('epochs', 100, 'seed', g %% 3), (%s)[1 + (g / 3) %% 12],
                       'resnet18-cifar', g %% 3, lpad(to_hex(g / 3), 64, '0'), lpad(to_hex(g + 1000000), 64, '0'), 'SUCCEEDED',
                       now() - make_interval(secs => 3000 + (g / 3) %% 600), now(), '{"device": "gpu(0)", "gpu_count": 1}'
                FROM generate_series(0, ? - 1) g, team t WHERE t.name = 'default'
                """.formatted(methods))) {
            ps.setLong(1, experiment);
            ps.setLong(2, dataset);
            ps.setInt(3, runs);
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

    static void time(String name, String url, int repetitions) throws Exception {
        for (int i = 0; i < 3; i++) {
            send("GET", url, null, 200); // warm-up: JIT, plans, caches
        }
        double[] ms = new double[repetitions];
        int bytes = 0;
        long cpuBefore = serverCpuMillis();
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            bytes = send("GET", url, null, 200).length();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        double cpuPerRequest = (serverCpuMillis() - cpuBefore) / (double) repetitions;
        Arrays.sort(ms);
        System.out.printf("%s: p50 %.0f ms, p95 %.0f ms, max %.0f ms; server CPU %.0f ms per request (%d requests, %,d bytes each)%n",
                name, ms[repetitions / 2], ms[(int) Math.ceil(repetitions * 0.95) - 1], ms[repetitions - 1], cpuPerRequest,
                repetitions, bytes);
    }

    /**
     * CPU time so far of the platform's JVM and its PostgreSQL (postmaster and every backend): on a
     * machine shared with other work, what a request costs rather than how long it waited for a core.
     */
    static long serverCpuMillis() {
        if (marker == null) {
            return 0;
        }
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                .distinct()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L))
                .sum();
    }

    static String send(String method, String url, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + System.getenv("UMBRA_TOKEN"));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}

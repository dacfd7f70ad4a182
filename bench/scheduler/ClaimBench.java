import dev.umbra.scheduler.Lease;
import dev.umbra.scheduler.QueueSettings;
import dev.umbra.scheduler.RunQueue;
import dev.umbra.scheduler.RunnerCapabilities;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Claim throughput of the queue, and PostgreSQL's own limit for it, on one machine in one run
 * (`bench/scheduler/run.sh [runs] [claimers]`, which starts the platform and passes its URL).
 *
 * <ol>
 *   <li>Platform: one sweep queues N runs over REST; C runners registered over the runner protocol
 *       claim ({@code wait_seconds} 0) over HTTP until the queue is empty.</li>
 *   <li>Raw: the platform's runs are marked finished (no team has active runs again), a second queue
 *       of N runs is copied from them, and C clients claim it by calling the scheduler's own
 *       {@link RunQueue#claim(long, RunnerCapabilities)} (the platform's claim statement and
 *       transaction, taken from the packaged platform's scheduler jar) straight over JDBC, one
 *       connection each, one runner per statement. The platform serves claims that arrive together
 *       with one statement ({@code Combiner}); the raw phase is each client for itself.</li>
 * </ol>
 * Both phases start from a vacuumed, analysed {@code run} table. Reports claims/s, latency
 * percentiles, the server's CPU per claim (platform JVM and PostgreSQL; PostgreSQL only in the raw
 * phase, the idle platform aside) and runs handed out more than once, from the answers and from the
 * database. Exits 1 on any double assignment, error or run not leased exactly once.
 */
public class ClaimBench {

    public static void main(String[] args) throws Exception {
        PlatformHttp http = new PlatformHttp(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int claimers = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        ServerCpu server = ServerCpu.ofStartedPlatform();
        List<String> problems = new ArrayList<>();

        long experiment = PlatformHttp.number(http.send("POST", "/api/v1/experiments", "{\"name\": \"claim bench\"}", null, 201), "id");
        long cpu0 = server.millis();
        long start = System.nanoTime();
        http.send("POST", "/api/v1/experiments/" + experiment + "/sweeps", PlatformHttp.sweep(runs), null, 201);
        System.out.printf("queued %,d runs with one sweep in %.2f s (server CPU %,d ms)%n", runs,
                (System.nanoTime() - start) / 1e9, server.millis() - cpu0);

        String token = PlatformHttp.text(http.send("POST", "/api/v1/runner-tokens", "{\"name\": \"claim bench\"}", null, 201), "token");
        long[] runnerIds = new long[claimers];
        for (int i = 0; i < claimers; i++) {
            runnerIds[i] = PlatformHttp.number(http.send("POST", "/api/v1/runner/register", "{\"name\": \"bench-" + i
                    + "\", \"version\": \"bench\", \"hostname\": \"bench\", \"gpus\": 8, \"gpu_memory_gb\": 80, \"labels\": []}",
                    token, 200), "runner_id");
        }
        // What the runners registered: the raw phase claims with the same capabilities.
        RunnerCapabilities capabilities = new RunnerCapabilities(8, 80, List.of());

        // --- platform: the runner protocol over HTTP ------------------------------------------------
        vacuum();
        Phase platform = Phase.run("platform", claimers, server, i -> {
            HttpResponse<String> answer = http.call("POST", "/api/v1/runner/claim",
                    "{\"runner_id\": " + runnerIds[i] + ", \"wait_seconds\": 0}", token);
            return switch (answer.statusCode()) {
                case 200 -> Optional.of(PlatformHttp.number(answer.body(), "run_id"));
                case 204 -> Optional.empty();
                default -> throw new IllegalStateException("claim answered " + answer.statusCode() + ": " + answer.body());
            };
        });
        platform.report(problems, leasedOnce(experiment, runs), 0);
        System.out.println("platform: " + http.batches("umbra_claims_per_statement", "claim statements", "claims per statement"));

        // --- raw: the scheduler's claim over JDBC ---------------------------------------------------
        long rawExperiment = PlatformHttp.number(http.send("POST", "/api/v1/experiments", "{\"name\": \"raw claims\"}", null, 201), "id");
        if (System.getenv("CLAIM_EXPLAIN") != null) {
            explainFairShareCount();
        }
        requeueCopy(experiment, rawExperiment);
        vacuum();
        int explained = 0;
        if (System.getenv("CLAIM_EXPLAIN") != null) {
            explainClaim(runnerIds[0], capabilities);
            explained = 2;
        }
        // Hour-long leases, as the platform's (run.sh): its reaper must not requeue a run mid-measurement.
        RunQueue queue = new RunQueue(new ThreadConnections(), Clock.systemUTC(),
                new QueueSettings(Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofMinutes(5)));
        Phase raw = Phase.run("raw claim statement (JDBC)", claimers, server,
                i -> queue.claim(runnerIds[i], capabilities).map(Lease::runId));
        raw.report(problems, leasedOnce(rawExperiment, runs), explained);

        System.out.printf("platform / raw throughput: %.2f; server CPU per claim: platform %.2f ms, raw %.2f ms%n",
                platform.perSecond() / raw.perSecond(), platform.cpuPerClaim(), raw.cpuPerClaim());
        if (!problems.isEmpty()) {
            System.out.println("FAILED: " + String.join("; ", problems));
            System.exit(1);
        }
        System.out.println("OK: no run handed out twice, no errors, every run leased exactly once");
    }

    /** One claim by client {@code i}: the run it got, or empty when the queue is empty. */
    interface Claim {
        Optional<Long> next(int client) throws Exception;
    }

    record Phase(String name, int claimers, int claims, double seconds, Percentiles latency, long serverCpuMillis,
                 long platformCpuMillis, Map<Long, Integer> handedOut, Map<String, Integer> errors) {

        static Phase run(String name, int claimers, ServerCpu server, Claim claim) throws Exception {
            Map<Long, Integer> handedOut = new ConcurrentHashMap<>();
            Map<String, Integer> errors = new ConcurrentHashMap<>();
            AtomicInteger claimed = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(claimers);
            List<Future<long[]>> futures = new ArrayList<>();
            long cpu0 = server.millis();
            long jvm0 = server.platformMillis();
            long start = System.nanoTime();
            for (int c = 0; c < claimers; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    long[] nanos = new long[1024];
                    int n = 0;
                    int failures = 0;
                    while (true) {
                        long t = System.nanoTime();
                        Optional<Long> run;
                        try {
                            run = claim.next(client);
                        } catch (Exception e) {
                            // What an agent does with a failed claim: count it, wait a second, claim again.
                            errors.merge(e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""),
                                    1, Integer::sum);
                            if (++failures > 10) {
                                return java.util.Arrays.copyOf(nanos, n);
                            }
                            Thread.sleep(1_000);
                            continue;
                        }
                        if (n == nanos.length) {
                            nanos = java.util.Arrays.copyOf(nanos, n * 2);
                        }
                        nanos[n++] = System.nanoTime() - t;
                        if (run.isEmpty()) {
                            return java.util.Arrays.copyOf(nanos, n);
                        }
                        handedOut.merge(run.get(), 1, Integer::sum);
                        claimed.incrementAndGet();
                    }
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> f : futures) {
                all.add(f.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long cpu = server.millis() - cpu0;
            long jvm = server.platformMillis() - jvm0;
            pool.shutdown();
            long[] latencies = all.stream().flatMapToLong(java.util.Arrays::stream).toArray();
            return new Phase(name, claimers, claimed.get(), seconds, Percentiles.ofNanos(latencies), cpu, jvm, handedOut, errors);
        }

        double perSecond() {
            return claims / seconds;
        }

        double cpuPerClaim() {
            return serverCpuMillis / (double) Math.max(1, claims);
        }

        /** {@code before}: runs of this queue leased before the phase (the explained claim). */
        void report(List<String> problems, Map<String, Integer> database, int before) {
            long twice = handedOut.values().stream().filter(v -> v > 1).count();
            System.out.printf("%s: %d claimers, %,d runs claimed in %.2f s = %.0f claims/s; server CPU %.2f ms per claim"
                    + " (platform JVM %.2f, PostgreSQL %.2f)%n", name, claimers, claims, seconds, perSecond(), cpuPerClaim(),
                    platformCpuMillis / (double) Math.max(1, claims), (serverCpuMillis - platformCpuMillis) / (double) Math.max(1, claims));
            System.out.printf("%s: claim latency %s%n", name, latency);
            System.out.printf("%s: errors %s; runs handed out more than once: %d; database: %s%n", name, errors, twice, database);
            if (twice > 0) {
                problems.add(name + ": " + twice + " runs handed out more than once");
            }
            if (!errors.isEmpty()) {
                problems.add(name + ": claims failed " + errors);
            }
            if (database.size() != 1 || !database.containsKey("LEASED attempt 1") || database.get("LEASED attempt 1") != claims + before) {
                problems.add(name + ": the database does not show each claimed run leased once: " + database);
            }
        }
    }

    /** The experiment's runs by status and attempt; after a phase, all N are LEASED at attempt 1. */
    static Map<String, Integer> leasedOnce(long experiment, int runs) throws Exception {
        Map<String, Integer> states = new TreeMap<>();
        try (Connection c = PlatformDatabase.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status, attempt, count(*) FROM run WHERE experiment_id = " + experiment
                     + " GROUP BY status, attempt")) {
            while (rs.next()) {
                states.put(rs.getString(1) + " attempt " + rs.getInt(2), rs.getInt(3));
            }
        }
        int total = states.values().stream().mapToInt(Integer::intValue).sum();
        if (total != runs) {
            states.put("(runs in the experiment, expected " + runs + ")", total);
        }
        return states;
    }

    /**
     * Finishes the platform phase's runs (as their runners would) and queues a copy of them in
     * another experiment: the same rows, the same team, no active runs, for the raw phase.
     */
    static void requeueCopy(long from, long to) throws Exception {
        try (Connection c = PlatformDatabase.open(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE run SET status = 'SUCCEEDED', finished_at = now(), lease_expires_at = NULL"
                    + " WHERE experiment_id = " + from);
            s.executeUpdate("UPDATE runner SET current_run_id = NULL");
            s.executeUpdate("""
                    INSERT INTO run (experiment_id, team_id, dataset_id, spec, resolved_spec_id, method, backbone, seed,
                                     config_hash, run_hash, priority, requested_gpus, requested_gpu_memory_gb, requested_labels, epochs)
                    SELECT %d, team_id, dataset_id, spec, resolved_spec_id, method, backbone, seed,
                           config_hash, run_hash, priority, requested_gpus, requested_gpu_memory_gb, requested_labels, epochs
                    FROM run WHERE experiment_id = %d ORDER BY id
                    """.formatted(to, from));
        }
    }

    /**
     * EXPLAIN (ANALYZE, BUFFERS) of a claim by the scheduler's own code (the second of two, on a warm
     * backend), before the raw phase (set
     * CLAIM_EXPLAIN=1): auto_explain sends the plan of each statement back as a notice.
     */
    static void explainClaim(long runnerId, RunnerCapabilities capabilities) throws Exception {
        try (Connection c = PlatformDatabase.open()) {
            List<String> plans = new ArrayList<>();
            // Notices arrive on the statement, which the queue's code closes: read them just before.
            Connection watched = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        Object result = invoke(c, method, arguments);
                        if (result instanceof java.sql.PreparedStatement ps) {
                            return Proxy.newProxyInstance(Connection.class.getClassLoader(),
                                    new Class<?>[] {java.sql.PreparedStatement.class}, (p2, m2, a2) -> {
                                        if (m2.getName().equals("close")) {
                                            plans(ps.getWarnings(), plans);
                                        }
                                        return invoke(ps, m2, a2);
                                    });
                        }
                        return result;
                    });
            DataSource one = new ThreadConnections() {
                @Override
                public Connection getConnection() {
                    return watched;
                }
            };
            RunQueue queue = new RunQueue(one, Clock.systemUTC(),
                    new QueueSettings(Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofMinutes(5)));
            // The first claim of a fresh backend loads the catalog entries of run's indexes and triggers: not explained.
            queue.claim(runnerId, capabilities).orElseThrow();
            explainOn(c);
            queue.claim(runnerId, capabilities).orElseThrow();
            printPlans("the claim (the scheduler's statement, all runs of the copy queued)", plans);
        }
    }

    /** The plan of the fair-share count with every run of the platform phase active (set CLAIM_EXPLAIN=1). */
    static void explainFairShareCount() throws Exception {
        try (Connection c = PlatformDatabase.open(); Statement s = c.createStatement()) {
            explainOn(c);
            s.executeQuery("SELECT count(*) FROM run a WHERE a.team_id = (SELECT id FROM team WHERE name = 'default')"
                    + " AND a.status IN ('LEASED', 'RUNNING')").close();
            List<String> plans = new ArrayList<>();
            plans(s.getWarnings(), plans);
            printPlans("the fair-share count of one team's active runs (every run of the platform phase active)", plans);
        }
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void plans(java.sql.SQLWarning warnings, List<String> plans) {
        for (java.sql.SQLWarning w = warnings; w != null; w = w.getNextWarning()) {
            plans.add(w.getMessage());
        }
    }

    private static void explainOn(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LOAD 'auto_explain'");
            s.execute("SET auto_explain.log_min_duration = 0");
            s.execute("SET auto_explain.log_analyze = on");
            s.execute("SET auto_explain.log_buffers = on");
            s.execute("SET auto_explain.log_level = notice");
            s.execute("SET client_min_messages = notice");
        }
        c.clearWarnings();
    }

    private static void printPlans(String what, List<String> plans) {
        System.out.println("--- EXPLAIN (ANALYZE, BUFFERS) of " + what + " ---");
        plans.forEach(System.out::println);
        System.out.println("---");
    }

    /** The connection, with {@code close()} (which the queue's code calls after each claim) doing nothing. */
    static Connection unclosable(Connection real) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, arguments) -> method.getName().equals("close") ? null : invoke(real, method, arguments));
    }

    static void vacuum() throws Exception {
        try (Connection c = PlatformDatabase.open(); Statement s = c.createStatement()) {
            s.execute("VACUUM (ANALYZE) run");
            s.execute("VACUUM (ANALYZE) runner");
        }
    }

    /**
     * A data source that gives each client thread its own connection, kept open across claims
     * (what a pool does for the platform): {@code close()} from the queue's code returns it.
     */
    static class ThreadConnections implements DataSource {

        private final ThreadLocal<Connection> own = ThreadLocal.withInitial(() -> {
            try {
                return PlatformDatabase.open();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        @Override
        public Connection getConnection() {
            return unclosable(own.get());
        }

        @Override
        public Connection getConnection(String user, String password) {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}

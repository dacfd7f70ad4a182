import dev.umbra.api.metric.MetricService;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Load for the REST API, each platform figure beside PostgreSQL's own figure for the same rows, measured
 * in the same run on the platform's own database, and the server's CPU per request (platform JVM + its
 * PostgreSQL, {@link ServerCpu}).
 * <ol>
 * <li>Metric ingestion: C clients post batches of 1,000 points, each to its own run, for D seconds. Raw:
 *     the same rows from C JDBC connections, one commit per batch of 1,000, (a) COPY into {@code metric}
 *     and (b) the platform's own two unnest upserts ({@code metric} and {@code metric_latest}).</li>
 * <li>Run submission: 64 concurrent clients submit N runs each. Raw: 64 JDBC connections insert the same
 *     run row (one the platform stored, another seed) N times each, one commit per row.</li>
 * </ol>
 * Then it checks what the platform stored: every acknowledged point in {@code metric}, the latest values,
 * one audit row per request. Any failure (a non-2xx answer, a missing row) ends it with a non-zero status.
 * Usage: {@code ApiLoad URL [ingest-clients] [ingest-seconds] [submissions-per-client]}, run by bench/api/run.sh.
 */
public class ApiLoad {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final String[] KEYS = {"train/loss", "train/lr", "train/images_per_s", "diag/std"};
    static final int BATCH = 1000;
    static final String SPEC = "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 1, \"seed\": %d}";
    static final String RUN_COLUMNS = "experiment_id, team_id, dataset_id, spec, method, backbone, seed, "
            + "config_hash, run_hash, priority, requested_gpus, requested_gpu_memory_gb, requested_labels, created_at, epochs";

    static String base;
    static final AtomicLong posts = new AtomicLong(); // successful state-changing requests: each one audited
    static final ServerCpu SERVER = ServerCpu.ofStartedPlatform();

    public static void main(String[] args) throws Exception {
        base = args[0];
        int ingestClients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int ingestSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int submitClients = 64;
        int submitsPerClient = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        long auditBefore = count("SELECT count(*) FROM audit_event");

        long experiment = id(post("/api/v1/experiments", "{\"name\": \"bench\"}", 201));

        // --- ingestion --------------------------------------------------------------------------
        // Warm-up as long as the measured phase (JIT, pool, caches): after a 5 s one, compilation was
        // still 40 % of the platform's CPU per batch in the next 20 s, a start-up cost, not ingestion's.
        ingest(runs(experiment, ingestClients), ingestSeconds);
        long[] platformRuns = runs(experiment, ingestClients);
        Phase platform = ingest(platformRuns, ingestSeconds);
        Phase copy = rawIngest(runs(experiment, ingestClients), ingestSeconds, false);
        Phase upsert = rawIngest(runs(experiment, ingestClients), ingestSeconds, true);
        System.out.printf("ingestion: %d clients, batches of 1,000 points, %d s: platform %,.0f points/s; %s%n",
                ingestClients, ingestSeconds, platform.perSecond() * BATCH, platform.cpu("batch"));
        System.out.printf("ingestion raw PostgreSQL, COPY into metric, 1 commit per 1,000: %,.0f points/s; %s%n",
                copy.perSecond() * BATCH, copy.cpu("batch"));
        System.out.printf("ingestion raw PostgreSQL, the platform's unnest upserts (metric + metric_latest), 1 commit per 1,000: %,.0f points/s; %s%n",
                upsert.perSecond() * BATCH, upsert.cpu("batch"));
        double limit = Math.max(copy.perSecond(), upsert.perSecond());
        System.out.printf("ingestion ratio: platform / raw limit (the faster raw figure, %s) %.0f %% (platform / COPY %.0f %%, platform / upsert %.0f %%)%n",
                copy.perSecond() >= upsert.perSecond() ? "COPY" : "upsert", 100 * platform.perSecond() / limit,
                100 * platform.perSecond() / copy.perSecond(), 100 * platform.perSecond() / upsert.perSecond());

        // --- submission -------------------------------------------------------------------------
        // Warm-up as long as the measured phase: a submission is compiled (JIT) only after some thousands
        // of them, and until then the compiler's CPU would count as the server's.
        submit(experiment, submitClients, submitsPerClient);
        Phase submitted = submit(experiment, submitClients, submitsPerClient);
        Phase inserted = rawSubmit(experiment, submitClients, submitsPerClient);
        System.out.printf("submission: %d clients x %d runs: platform %s; %,.0f runs/s; %s%n", submitClients,
                submitsPerClient, submitted.latency(), submitted.perSecond(), submitted.cpu("submission"));
        System.out.printf("submission raw PostgreSQL, INSERT of the run row with its resolved spec's text, 1 commit each, %d connections: %s; %,.0f runs/s; %s%n",
                submitClients, inserted.latency(), inserted.perSecond(), inserted.cpu("insert"));
        System.out.printf("submission ratio: platform / raw %.0f %% of the throughput, p99 %.1fx the raw p99%n",
                100 * submitted.perSecond() / inserted.perSecond(), submitted.latency().p99() / inserted.latency().p99());
        System.out.println("submission: " + new PlatformHttp(base).batches("umbra_submissions_per_transaction",
                "transactions (warm-up and measured phase)", "runs per transaction"));

        check(platformRuns, platform.requests * BATCH, auditBefore);
    }

    /** One measured phase: requests done, wall time, server and client CPU, latencies where kept. */
    record Phase(long requests, double seconds, long jvmMillis, long jitMillis, long postgresMillis, long clientMillis,
                 long[] latencies) {

        double perSecond() {
            return requests / seconds;
        }

        Percentiles latency() {
            return Percentiles.ofNanos(latencies);
        }

        String cpu(String unit) {
            return String.format("server CPU %.2f ms/%s (platform JVM %.2f, of which JIT compilation %.2f, + PostgreSQL %.2f),"
                    + " client CPU %.2f ms/%s", (jvmMillis + postgresMillis) / (double) requests, unit,
                    jvmMillis / (double) requests, jitMillis / (double) requests, postgresMillis / (double) requests,
                    clientMillis / (double) requests, unit);
        }
    }

    /** Runs {@code perClient} on {@code clients} threads, each until it returns its request count, and measures the phase. */
    static Phase measure(int clients, Callable<Long> perClient, long[] latencies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long jvm0 = SERVER.platformMillis();
        long jit0 = SERVER.platformJitMillis();
        long pg0 = SERVER.postgresMillis();
        long client0 = ServerCpu.ownMillis();
        long start = System.nanoTime();
        List<Future<Long>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(perClient));
        }
        long requests = 0;
        try {
            for (Future<Long> f : futures) {
                requests += f.get();
            }
        } finally {
            pool.shutdownNow(); // a failed client ends the program, not waits on an idle pool
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // A raw phase's connections closed at its end: their backends' CPU counts once the postmaster has
        // reaped them (precisely; a live process' time is read in whole 10 ms ticks).
        Thread.sleep(500);
        Phase phase = new Phase(requests, seconds, SERVER.platformMillis() - jvm0, SERVER.platformJitMillis() - jit0,
                SERVER.postgresMillis() - pg0,
                ServerCpu.ownMillis() - client0, latencies);
        if (requests == 0) {
            throw new IllegalStateException("a phase served no request");
        }
        if (phase.jvmMillis() + phase.postgresMillis() == 0) {
            throw new IllegalStateException("no server CPU time found for the platform (pid " + System.getenv("BENCH_PLATFORM_PID") + ")");
        }
        return phase;
    }

    static long[] runs(long experiment, int n) throws Exception {
        long[] runs = new long[n];
        for (int i = 0; i < n; i++) {
            runs[i] = id(post("/api/v1/experiments/" + experiment + "/runs", String.format(SPEC, 100_000 + i), 201));
        }
        return runs;
    }

    static String key(long step) {
        return KEYS[(int) (step % KEYS.length)];
    }

    static double value(long step) {
        return Math.sin(step) + 2;
    }

    static Phase ingest(long[] runs, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong next = new AtomicLong();
        return measure(runs.length, () -> {
            long run = runs[(int) next.getAndIncrement()];
            long step = 0;
            long batches = 0;
            while (System.nanoTime() < end) {
                StringBuilder body = new StringBuilder(64_000).append("{\"points\": [");
                for (int i = 0; i < BATCH; i++, step++) {
                    body.append(i == 0 ? "" : ",").append("{\"key\": \"").append(key(step)).append("\", \"step\": ")
                            .append(step).append(", \"value\": ").append(value(step)).append('}');
                }
                String answer = post("/api/v1/runs/" + run + "/metrics", body.append("]}").toString(), 200);
                if (!answer.contains("\"stored\":" + BATCH)) {
                    throw new IllegalStateException("ingestion answered " + answer);
                }
                batches++;
            }
            return batches;
        }, null);
    }

    static Phase rawIngest(long[] runs, int seconds, boolean upsert) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong next = new AtomicLong();
        return measure(runs.length, () -> {
            long run = runs[(int) next.getAndIncrement()];
            long step = 0;
            long batches = 0;
            try (Connection c = PlatformDatabase.open()) {
                while (System.nanoTime() < end) {
                    if (upsert) {
                        c.setAutoCommit(false);
                        String[] keys = new String[BATCH];
                        long[] steps = new long[BATCH];
                        double[] values = new double[BATCH];
                        long[] times = new long[BATCH];
                        Instant at = Instant.now();
                        long now = at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
                        for (int i = 0; i < BATCH; i++, step++) {
                            keys[i] = key(step);
                            steps[i] = step;
                            values[i] = value(step);
                            times[i] = now;
                        }
                        upsert(c, MetricService.UPSERT_POINTS, run, keys, steps, values, times);
                        int n = KEYS.length; // the platform writes each key's last point to metric_latest
                        upsert(c, MetricService.UPSERT_LATEST, run, Arrays.copyOfRange(keys, BATCH - n, BATCH),
                                Arrays.copyOfRange(steps, BATCH - n, BATCH),
                                Arrays.copyOfRange(values, BATCH - n, BATCH),
                                Arrays.copyOfRange(times, BATCH - n, BATCH));
                        c.commit();
                    } else {
                        StringBuilder rows = new StringBuilder(48_000);
                        String now = Instant.now().toString();
                        for (int i = 0; i < BATCH; i++, step++) {
                            rows.append(run).append('\t').append(key(step)).append('\t').append(step).append('\t')
                                    .append(value(step)).append('\t').append(now).append('\n');
                        }
                        c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                                "COPY metric (run_id, key, step, value, wall_time) FROM STDIN", new StringReader(rows.toString()));
                    }
                    batches++;
                }
            }
            return batches;
        }, null);
    }

    /** As the platform binds them: keys as text[], steps, values and wall times (µs) as primitive arrays (binary). */
    static void upsert(Connection c, String sql, long run, String[] keys, long[] steps, double[] values, long[] micros)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, run);
            ps.setArray(2, c.createArrayOf("text", keys));
            ps.setObject(3, steps);
            ps.setObject(4, values);
            ps.setObject(5, micros);
            ps.executeUpdate();
        }
    }

    static Phase submit(long experiment, int clients, int perClient) throws Exception {
        long[] latencies = new long[clients * perClient];
        AtomicLong seed = new AtomicLong(1_000_000 + System.nanoTime() % 1_000_000);
        AtomicLong next = new AtomicLong();
        return measure(clients, () -> {
            int client = (int) next.getAndIncrement();
            for (int i = 0; i < perClient; i++) {
                long t0 = System.nanoTime();
                post("/api/v1/experiments/" + experiment + "/runs", String.format(SPEC, seed.incrementAndGet()), 201);
                latencies[client * perClient + i] = System.nanoTime() - t0;
            }
            return (long) perClient;
        }, latencies);
    }

    static Phase rawSubmit(long experiment, int clients, int perClient) throws Exception {
        // The platform's statement for one run (RunRows): its resolved spec's text, then the run.
        String template = "SELECT t.experiment_id, t.head, t.tail, r.* FROM (SELECT " + RUN_COLUMNS.replace("spec", "spec::text")
                .replace("requested_labels", "requested_labels::text") + ", resolved_spec_id FROM run WHERE experiment_id = "
                + experiment + " ORDER BY id DESC LIMIT 1) r JOIN resolved_spec t ON t.id = r.resolved_spec_id";
        Object[] row = new Object[18];
        try (Connection c = PlatformDatabase.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(template)) {
            if (!rs.next()) {
                throw new IllegalStateException("no run to copy");
            }
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getObject(i + 1);
            }
        }
        String insert = "WITH spec_text AS (INSERT INTO resolved_spec (experiment_id, head, tail) VALUES (?, ?, ?) RETURNING id)"
                + " INSERT INTO run (" + RUN_COLUMNS + ", resolved_spec_id)"
                + " SELECT ?, ?, ?, ?::json, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?, spec_text.id FROM spec_text";
        int seedColumn = 9;
        int createdAtColumn = 16;
        long[] latencies = new long[clients * perClient];
        AtomicLong seed = new AtomicLong(5_000_000);
        AtomicLong next = new AtomicLong();
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            connections.add(PlatformDatabase.open());
        }
        try {
            // Connected before the phase, closed inside it (their backends' CPU then counts, see measure).
            return measure(clients, () -> {
                int client = (int) next.getAndIncrement();
                try (Connection c = connections.get(client); PreparedStatement ps = c.prepareStatement(insert)) {
                    for (int i = 0; i < perClient; i++) {
                        long t0 = System.nanoTime();
                        for (int p = 0; p < row.length; p++) {
                            ps.setObject(p + 1, p == seedColumn ? seed.incrementAndGet()
                                    : p == createdAtColumn ? Timestamp.from(Instant.now()) : row[p]);
                        }
                        ps.executeUpdate();
                        latencies[client * perClient + i] = System.nanoTime() - t0;
                    }
                }
                return (long) perClient;
            }, latencies);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /** What the platform acknowledged is stored: the points, the latest values, an audit row per request. */
    static void check(long[] runs, long points, long auditBefore) throws Exception {
        String ids = Arrays.toString(runs).replace("[", "(").replace("]", ")");
        long stored = count("SELECT count(*) FROM metric WHERE run_id IN " + ids);
        long latest = count("SELECT count(*) FROM metric_latest WHERE run_id IN " + ids);
        long audited = count("SELECT count(*) FROM audit_event") - auditBefore;
        boolean ok = stored == points && latest == (long) runs.length * KEYS.length && audited == posts.get();
        System.out.printf("check: %,d points acknowledged, %,d stored; %,d latest values of %,d; %,d audit rows of %,d requests: %s%n",
                points, stored, latest, (long) runs.length * KEYS.length, audited, posts.get(), ok ? "ok" : "FAILED");
        if (!ok) {
            System.exit(1);
        }
    }

    static long count(String sql) throws Exception {
        try (Connection c = PlatformDatabase.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String post(String path, String body, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + System.getenv("UMBRA_TOKEN"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        posts.incrementAndGet();
        return response.body();
    }

    static long id(String json) {
        Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return Long.parseLong(m.group(1));
    }
}

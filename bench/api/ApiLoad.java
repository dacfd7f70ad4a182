import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load for the REST API (single-file program: `java bench/api/ApiLoad.java URL`).
 * 1. Metric ingestion: C clients post batches of 1,000 points, each to its own run, for D seconds.
 * 2. Run submission: 64 concurrent clients submit runs; latency per request, p50/p95/p99/max.
 */
public class ApiLoad {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        int ingestClients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int ingestSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int submitClients = 64;
        int submitsPerClient = args.length > 3 ? Integer.parseInt(args[3]) : 30;

        long experiment = id(post("/api/v1/experiments", "{\"name\": \"bench\"}", 201));
        String spec = "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 1, \"seed\": %d}";

        // --- ingestion --------------------------------------------------------------------------
        long[] runs = new long[ingestClients];
        for (int i = 0; i < ingestClients; i++) {
            runs[i] = id(post("/api/v1/experiments/" + experiment + "/runs", String.format(spec, i), 201));
        }
        ingest(runs, 5); // warm-up: JIT, connection pool, PostgreSQL caches
        long[] runs2 = new long[ingestClients];
        for (int i = 0; i < ingestClients; i++) {
            runs2[i] = id(post("/api/v1/experiments/" + experiment + "/runs", String.format(spec, 1000 + i), 201));
        }
        double pointsPerSecond = ingest(runs2, ingestSeconds);
        System.out.printf("ingestion: %d clients, batches of 1,000 points, %d s: %.0f points/s%n",
                ingestClients, ingestSeconds, pointsPerSecond);

        // --- submission -------------------------------------------------------------------------
        submit(experiment, spec, submitClients, 5); // warm-up
        long[] latencies = submit(experiment, spec, submitClients, submitsPerClient);
        Arrays.sort(latencies);
        System.out.printf("submission: %d clients x %d runs: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                submitClients, submitsPerClient, pct(latencies, 50), pct(latencies, 95), pct(latencies, 99),
                latencies[latencies.length - 1] / 1e6);
    }

    static double ingest(long[] runs, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(runs.length);
        AtomicLong points = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (long run : runs) {
            futures.add(pool.submit(() -> {
                long step = 0;
                while (System.nanoTime() < end) {
                    StringBuilder body = new StringBuilder(64_000).append("{\"points\": [");
                    for (int i = 0; i < 1000; i++, step++) {
                        String key = i % 4 == 0 ? "train/loss" : i % 4 == 1 ? "train/lr" : i % 4 == 2 ? "train/images_per_s" : "diag/std";
                        body.append(i == 0 ? "" : ",").append("{\"key\": \"").append(key).append("\", \"step\": ")
                                .append(step).append(", \"value\": ").append(Math.sin(step) + 2).append('}');
                    }
                    post("/api/v1/runs/" + run + "/metrics", body.append("]}").toString(), 200);
                    points.addAndGet(1000);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return points.get() / ((System.nanoTime() - start) / 1e9);
    }

    static long[] submit(long experiment, String spec, int clients, int perClient) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long[] latencies = new long[clients * perClient];
        AtomicLong seed = new AtomicLong(1_000_000 + System.nanoTime() % 1_000_000);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perClient; i++) {
                    long t0 = System.nanoTime();
                    post("/api/v1/experiments/" + experiment + "/runs", String.format(spec, seed.incrementAndGet()), 201);
                    latencies[client * perClient + i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return latencies;
    }

    static String post(String path, String body, int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + System.getenv("UMBRA_TOKEN"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static long id(String json) {
        Matcher m = Pattern.compile("\"id\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}

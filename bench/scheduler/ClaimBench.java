import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Claim throughput of the queue through the runner protocol (single-file program:
 * `java bench/scheduler/ClaimBench.java URL [runs] [claimers]`). Queues N runs with one sweep,
 * registers C runners, and lets them claim (no long poll) until the queue is empty. Reports
 * claims/s, claim latency percentiles, and how many runs were handed out more than once, counted
 * from the answers and read back from the database (every run should be LEASED at attempt 1).
 */
public class ClaimBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int claimers = args.length > 2 ? Integer.parseInt(args[2]) : 64;

        long experiment = number(send("POST", "/api/v1/experiments", "{\"name\": \"claim bench\"}", null, 201), "id");
        StringBuilder lrs = new StringBuilder();
        for (int i = 1; i <= runs / 100; i++) {
            lrs.append(i == 1 ? "" : ", ").append(i / 1000.0);
        }
        StringBuilder seeds = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            seeds.append(i == 1 ? "" : ", ").append(i);
        }
        long start = System.nanoTime();
        send("POST", "/api/v1/experiments/" + experiment + "/sweeps", "{\"base\": {\"dataset\": \"fashion-mnist-sample\","
                + " \"method\": {\"name\": \"simclr\"}, \"epochs\": 1}, \"axes\": [{\"path\": \"optimizer.lr\", \"values\": ["
                + lrs + "]}], \"seeds\": [" + seeds + "]}", null, 201);
        System.out.printf("queued %,d runs with one sweep in %.1f s%n", runs, (System.nanoTime() - start) / 1e9);

        String token = text(send("POST", "/api/v1/runner-tokens", "{\"name\": \"claim bench\"}", null, 201), "token");
        long[] runnerIds = new long[claimers];
        for (int i = 0; i < claimers; i++) {
            runnerIds[i] = number(send("POST", "/api/v1/runner/register", "{\"name\": \"bench-" + i + "-" + System.nanoTime()
                    + "\", \"version\": \"bench\", \"hostname\": \"bench\", \"gpus\": 8, \"gpu_memory_gb\": 80, \"labels\": []}",
                    token, 200), "runner_id");
        }

        Map<Long, Integer> handedOut = new ConcurrentHashMap<>();
        Map<Integer, Integer> refused = new ConcurrentHashMap<>();
        List<double[]> latencies = new ArrayList<>();
        AtomicInteger claimed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        List<Future<double[]>> futures = new ArrayList<>();
        start = System.nanoTime();
        for (long runnerId : runnerIds) {
            futures.add(pool.submit(() -> {
                double[] ms = new double[runs];
                int n = 0;
                while (true) {
                    long t = System.nanoTime();
                    HttpResponse<String> answer = HTTP.send(request("POST", "/api/v1/runner/claim",
                            "{\"runner_id\": " + runnerId + ", \"wait_seconds\": 0}", token), HttpResponse.BodyHandlers.ofString());
                    ms[n++] = (System.nanoTime() - t) / 1e6;
                    if (answer.statusCode() == 204) {
                        return Arrays.copyOf(ms, n);
                    }
                    if (answer.statusCode() != 200) {
                        // What an agent does with a 5xx: count it, wait a second, claim again.
                        refused.merge(answer.statusCode(), 1, Integer::sum);
                        Thread.sleep(1_000);
                        continue;
                    }
                    handedOut.merge(number(answer.body(), "run_id"), 1, Integer::sum);
                    claimed.incrementAndGet();
                }
            }));
        }
        for (Future<double[]> f : futures) {
            latencies.add(f.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();

        double[] all = latencies.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
        long twice = handedOut.values().stream().filter(v -> v > 1).count();
        System.out.printf("%d claimers: %,d runs claimed in %.1f s = %.0f claims/s (%,d claim requests incl. the final empty ones)%n",
                claimers, claimed.get(), seconds, claimed.get() / seconds, all.length);
        System.out.printf("claim latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                pct(all, 50), pct(all, 90), pct(all, 99), all[all.length - 1]);
        System.out.println("claims answered with an error, by status: " + refused);
        System.out.printf("runs handed out more than once: %d; distinct runs claimed: %,d of %,d%n", twice, handedOut.size(), runs);

        // What the database says: every run of the sweep leased exactly once (attempt 1).
        Map<String, Integer> states = new java.util.TreeMap<>();
        String cursor = null;
        do {
            String page = send("GET", "/api/v1/experiments/" + experiment + "/runs?limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor), null, null, 200);
            Matcher m = Pattern.compile("\"status\":\"(\\w+)\".*?\"attempt\":(\\d+)").matcher(page);
            while (m.find()) {
                states.merge(m.group(1) + " attempt " + m.group(2), 1, Integer::sum);
            }
            Matcher next = Pattern.compile("\"next_cursor\":\"([^\"]+)\"").matcher(page);
            cursor = next.find() ? next.group(1) : null;
        } while (cursor != null);
        System.out.println("runs in the database by status and attempt: " + states);
    }

    static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    static HttpRequest request(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        // Runner calls carry the runner token; the rest the admin token the script read (UMBRA_TOKEN).
        b.header("Authorization", "Bearer " + (token != null ? token : System.getenv("UMBRA_TOKEN")));
        return b.build();
    }

    static String send(String method, String path, String body, String token, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(request(method, path, body, token), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    static String text(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return m.group(1);
    }
}

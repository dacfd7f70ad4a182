import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST calls of a control-plane benchmark: JSON over HTTP/1.1 to the platform that
 * bench/common/platform.sh started, as its first admin ({@code UMBRA_TOKEN}) unless a token is given.
 * Fields of an answer are read with a pattern: the benchmarks need no JSON library on their classpath.
 */
final class PlatformHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;

    PlatformHttp(String base) {
        this.base = base;
    }

    HttpRequest request(String method, String path, String body, String token) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + (token != null ? token : System.getenv("UMBRA_TOKEN")))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        return HTTP.send(request(method, path, body, token), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's body; anything but the expected status ends the benchmark. */
    String send(String method, String path, String body, String token, int expected) throws Exception {
        HttpResponse<String> r = call(method, path, body, token);
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /**
     * "N &lt;things&gt;, M per &lt;thing&gt; on average, at most K" from a distribution summary of the
     * platform's {@code /q/metrics} ({@code name}_count, _sum, _max), or a line saying the build does
     * not report it (an older build in an A/B comparison).
     */
    String batches(String name, String things, String perThing) throws Exception {
        Map<String, Double> summary = new TreeMap<>();
        send("GET", "/q/metrics", null, null, 200).lines().filter(line -> line.startsWith(name + "_"))
                .forEach(line -> summary.put(line.substring(0, line.indexOf(' ')), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
        Double count = summary.get(name + "_count");
        if (count == null || count == 0) {
            return perThing + " not reported by this build";
        }
        return String.format("%,.0f %s, %.1f %s on average, at most %.0f", count, things, summary.get(name + "_sum") / count, perThing,
                summary.getOrDefault(name + "_max", Double.NaN));
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

    /** The body of a sweep of {@code runs} runs (at most 100 seeds per learning rate) on the bundled sample. */
    static String sweep(int runs) {
        int seeds = Math.min(runs, 100);
        if (runs % seeds != 0) {
            throw new IllegalArgumentException("runs must be at most 100 or a multiple of 100: " + runs);
        }
        StringBuilder lrs = new StringBuilder();
        for (int i = 1; i <= runs / seeds; i++) {
            lrs.append(i == 1 ? "" : ", ").append(i / 1000.0);
        }
        StringBuilder seedList = new StringBuilder();
        for (int i = 1; i <= seeds; i++) {
            seedList.append(i == 1 ? "" : ", ").append(i);
        }
        return "{\"base\": {\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 1},"
                + " \"axes\": [{\"path\": \"optimizer.lr\", \"values\": [" + lrs + "]}], \"seeds\": [" + seedList + "]}";
    }
}

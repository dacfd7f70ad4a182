package dev.umbra.api.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.api.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Measures (does not assert) how fast the portal renders, in a real Chromium, from the route change
 * (or the click) to the table or charts laid out and painted: an experiment of 10,000 finished runs
 * (100 configurations x 100 seeds) and its interactions (group, sort, filter), and a comparison of 100
 * configurations (300 runs). The runs are made through the public API (one sweep each) and the runner
 * protocol. Figures go to stdout and target/portal-timings.txt; bench/portal/RESULTS.md records them
 * with the machine.
 */
@QuarkusTest
class PortalPerformanceIT {

    private static final String[] METHODS = {"simclr", "moco-v2", "byol", "simsiam", "barlow-twins", "vicreg", "swav", "dino",
        "mae", "dae"};
    private static final double[] LRS = {0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0};
    private static final int CONFIGURATIONS = METHODS.length * LRS.length;
    private static final int BIG_SEEDS = 100;
    private static final int COMPARED_SEEDS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anExperimentOf10000RunsAndACompareOf100ConfigurationsRender() throws Exception {
        long setupStart = System.nanoTime();
        long big = TestData.experiment("portal: 10,000 runs");
        List<Long> bigRuns = sweep(big, BIG_SEEDS);
        long small = TestData.experiment("portal: 100 configurations");
        List<Long> compared = sweep(small, COMPARED_SEEDS);
        finishAll(bigRuns, compared);
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        int runs = bigRuns.size();

        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "setup: %d + %d runs submitted (two sweeps) and finished through the API in %.1f s",
                runs, compared.size(), setupSeconds));
        try (Browser browser = Browser.open(base.toString())) {
            browser.go("#/");
            for (int attempt = 1; attempt <= 3; attempt++) {
                double ms = timeRoute(browser, "#/experiments/" + big,
                        "document.querySelector(\"#run-table[data-total='" + runs + "'] tbody tr\") !== null");
                report.add(String.format(Locale.ROOT, "experiment page, %d runs, try %d: %.0f ms (page's own fetch+render: %s ms)",
                        runs, attempt, ms, browser.find("#page").getAttribute("data-render-ms")));
                if (attempt == 1) {
                    browser.screenshot("experiment-10000-runs");
                }
                browser.go("#/");
            }
            browser.go("#/experiments/" + big);
            browser.await("#run-table");
            double grouped = timeAction(browser, "document.getElementById('group-by-config').click()",
                    "document.querySelector(\"#group-table[data-total='" + CONFIGURATIONS + "']\") !== null");
            report.add(String.format(Locale.ROOT, "experiment page, group %d runs into %d configurations (mean ± std): %.0f ms",
                    runs, CONFIGURATIONS, grouped));
            browser.screenshot("experiment-10000-runs-grouped");
            double sorted = timeAction(browser, "document.querySelector(\"th[data-key='m:linear-probe/top1']\").click()",
                    "document.querySelector(\"th[data-key='m:linear-probe/top1'][aria-sort='descending']\") !== null");
            report.add(String.format(Locale.ROOT, "experiment page, sort the groups by linear probe: %.0f ms", sorted));
            double filtered = timeAction(browser, "const s = document.getElementById('filter-method'); s.value = 'byol';"
                            + " s.dispatchEvent(new Event('change'))",
                    "document.querySelector(\"#group-table[data-total='" + LRS.length + "']\") !== null");
            report.add(String.format(Locale.ROOT, "experiment page, filter the groups to one method: %.0f ms", filtered));

            String hashes = String.join(",", configHashes(small));
            browser.go("#/");
            for (int attempt = 1; attempt <= 3; attempt++) {
                double ms = timeRoute(browser, "#/compare?experiment=" + small + "&groups=" + hashes,
                        "!!document.getElementById('chart-compare-knn') && !!Chart.getChart('chart-compare-knn')"
                                + " && Chart.getChart('chart-linear-probe').data.labels.length === " + CONFIGURATIONS);
                report.add(String.format(Locale.ROOT, "compare page, %d configurations (%d runs), try %d: %.0f ms"
                        + " (page's own fetch+render: %s ms)", CONFIGURATIONS, compared.size(), attempt, ms,
                        browser.find("#page").getAttribute("data-render-ms")));
                if (attempt == 1) {
                    browser.screenshot("compare-100-configurations");
                }
                browser.go("#/");
            }
        }
        report.forEach(line -> System.out.println("[portal timing] " + line));
        Files.write(Path.of("target", "portal-timings.txt"), report);
        assertThat(report).hasSize(1 + 3 + 3 + 3);
    }

    /** One sweep over every (method, lr) with seeds 1..seeds, not reusing other runs; its run ids. */
    private List<Long> sweep(long experiment, int seeds) throws IOException, InterruptedException {
        StringBuilder methods = new StringBuilder();
        for (String m : METHODS) {
            methods.append(methods.length() == 0 ? "" : ", ").append('"').append(m).append('"');
        }
        StringBuilder lrs = new StringBuilder();
        for (double lr : LRS) {
            lrs.append(lrs.length() == 0 ? "" : ", ").append(lr);
        }
        StringBuilder seedList = new StringBuilder();
        for (int seed = 1; seed <= seeds; seed++) {
            seedList.append(seed == 1 ? "" : ", ").append(seed);
        }
        long sweep = post("/api/v1/experiments/" + experiment + "/sweeps", null, "{\"base\": {\"dataset\": \"" + TestData.SAMPLE
                + "\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 5, \"max_steps_per_epoch\": 2}, \"axes\": ["
                + "{\"path\": \"method.name\", \"values\": [" + methods + "]}, {\"path\": \"optimizer.lr\", \"values\": [" + lrs + "]}],"
                + " \"seeds\": [" + seedList + "], \"reuse_succeeded\": false}").get("id").asLong();
        List<Long> ids = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = get("/api/v1/sweeps/" + sweep + "/runs?limit=500" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
            page.get("items").forEach(item -> ids.add(item.get("run_id").asLong()));
            cursor = page.get("next_cursor").isNull() ? "" : page.get("next_cursor").asText();
        } while (!cursor.isEmpty());
        return ids;
    }

    private List<String> configHashes(long experiment) throws IOException, InterruptedException {
        List<String> hashes = new ArrayList<>();
        get("/api/v1/groups?experiment_id=" + experiment).forEach(g -> hashes.add(g.get("config_hash").asText()));
        return hashes;
    }

    /**
     * Changes the hash route inside the loaded portal and returns the milliseconds until {@code doneJs}
     * holds and two animation frames have passed (the new page laid out and painted).
     */
    private static double timeRoute(Browser browser, String route, String doneJs) {
        return timeAction(browser, "location.hash = " + JSON.valueToTree(route), doneJs);
    }

    private static double timeAction(Browser browser, String actionJs, String doneJs) {
        Object ms = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                const t0 = performance.now();
                %s;
                const check = () => {
                  let ok = false;
                  try { ok = %s; } catch (e) { ok = false; }
                  if (ok) requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
                  else setTimeout(check, 2);
                };
                check();
                """.formatted(actionJs, doneJs));
        return ((Number) ms).doubleValue();
    }

    /** Claims, reports and completes every run through the runner protocol: 5 epochs of series, 5 results. */
    @SafeVarargs
    private void finishAll(List<Long>... lists) throws IOException, InterruptedException {
        List<Long> runs = new ArrayList<>();
        for (List<Long> list : lists) {
            runs.addAll(list);
        }
        String token = post("/api/v1/runner-tokens", null, "{\"name\": \"bulk\"}").get("token").asText();
        long runner = post("/api/v1/runner/register", token, "{\"name\": \"bulk-" + UUID.randomUUID() + "\", \"version\": \"test\", "
                + "\"hostname\": \"h\", \"gpus\": 0, \"gpu_memory_gb\": 0, \"labels\": []}").get("runner_id").asLong();
        java.util.Set<Long> mine = new java.util.HashSet<>(runs);
        int finished = 0;
        while (finished < runs.size()) {
            JsonNode claim = post("/api/v1/runner/claim", token, "{\"runner_id\": " + runner + ", \"wait_seconds\": 0}");
            assertThat(claim).as("a claim while %d runs are left", runs.size() - finished).isNotNull();
            long run = claim.get("run_id").asLong();
            int attempt = claim.get("attempt").asInt();
            String who = "\"runner_id\": " + runner + ", \"attempt\": " + attempt;
            if (!mine.contains(run)) {
                post("/api/v1/runner/runs/" + run + "/complete", token, "{" + who + ", \"status\": \"CANCELLED\"}");
                continue;
            }
            double quality = 0.6 + 0.2 * ((run * 7919) % 100) / 100.0;
            StringBuilder metrics = new StringBuilder();
            for (int epoch = 1; epoch <= 5; epoch++) {
                metrics.append(epoch == 1 ? "" : ",")
                        .append("{\"key\": \"train/loss\", \"step\": ").append(epoch).append(", \"value\": ").append(6.0 / epoch).append("},")
                        .append("{\"key\": \"knn/top1\", \"step\": ").append(epoch).append(", \"value\": ").append(quality - 0.2 / epoch).append("},")
                        .append("{\"key\": \"diag/embedding_std\", \"step\": ").append(epoch).append(", \"value\": 0.05},")
                        .append("{\"key\": \"diag/rankme\", \"step\": ").append(epoch).append(", \"value\": ").append(20 + epoch).append("}");
            }
            post("/api/v1/runner/runs/" + run + "/heartbeat", token, "{" + who + ", \"progress\": {\"epoch\": 5, \"fraction\": 1.0}, "
                    + "\"metrics\": [" + metrics + "]}");
            post("/api/v1/runner/runs/" + run + "/results", token, "{" + who + ", \"results\": ["
                    + result("linear-probe/v1", "linear-probe/top1", quality) + ","
                    + result("knn/v1", "knn/top1", quality - 0.03) + ","
                    + result("label-efficiency/v1", "label-efficiency/top1@1%", quality - 0.2) + ","
                    + result("label-efficiency/v1", "label-efficiency/top1@10%", quality - 0.08) + ","
                    + result("label-efficiency/v1", "label-efficiency/top1@100%", quality) + "]}");
            post("/api/v1/runner/runs/" + run + "/complete", token, "{" + who + ", \"status\": \"SUCCEEDED\"}");
            finished++;
        }
    }

    private static String result(String protocol, String metric, double value) {
        return "{\"epoch\": 5, \"protocol\": \"" + protocol + "\", \"protocol_params\": {}, \"metric\": \"" + metric
                + "\", \"value\": " + value + ", \"details\": {}}";
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Authorization", "Bearer " + TestData.ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** POSTs JSON with the token (the admin's when null); returns the answer's JSON, or null for 204. */
    private JsonNode post(String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        request.header("Authorization", "Bearer " + (token != null ? token : TestData.ADMIN_TOKEN));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isBetween(200, 204);
        return response.statusCode() == 204 ? null : JSON.readTree(response.body());
    }
}

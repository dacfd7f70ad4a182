package dev.umbra.api.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.umbra.api.RunnerPlayer;
import dev.umbra.api.TestData;
import dev.umbra.api.Users;
import dev.umbra.client.dataset.DatasetManifest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The portal in a real headless Chromium against the real application: submit a run through the
 * form (and see the API's field errors next to the fields), watch it progress while the test
 * plays its runner, and compare two configurations with the chart's numbers read back from
 * Chart.js. Screenshots go to target/portal-screenshots/ for review.
 */
@QuarkusTest
class PortalBrowserIT {

    /** Equal to the precision of the values typed in (the browser computes in doubles, as the platform). */
    private static final Comparator<Double> CLOSE = (a, b) -> Math.abs(a - b) < 1e-6 ? 0 : Double.compare(a, b);
    private static final Pattern RUN_ROUTE = Pattern.compile("#/runs/(\\d+)$");

    @TestHTTPResource("/")
    URL base;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRunSubmittedThroughTheFormAppearsAndProgressesLive() throws Exception {
        try (Browser browser = Browser.open(base.toString())) {
            browser.go("#/");
            browser.find("#create-experiment button[type=submit]").click();
            assertThat(browser.await("#create-experiment [data-error-for='name']").getText()).isNotBlank();
            String name = "portal: submit a run " + System.nanoTime();
            browser.type("#create-experiment [data-field='name']", name);
            browser.type("#create-experiment [data-field='tags']", "portal, browser");
            browser.find("#create-experiment button[type=submit]").click();
            String experimentUrl = browser.waitFor(d -> d.getCurrentUrl().matches(".*#/experiments/\\d+$") ? d.getCurrentUrl() : null);
            long experiment = Long.parseLong(experimentUrl.substring(experimentUrl.lastIndexOf('/') + 1));
            browser.waitReady();
            assertThat(browser.find("h1").getText()).isEqualTo(name);
            assertThat(browser.find("#runs-table").getText()).contains("No runs in this experiment yet");
            browser.go("#/");
            browser.type("#experiment-search", name.substring(name.length() - 8));
            assertThat(browser.await("tr[data-experiment-id='" + experiment + "']").getText()).contains("portal").contains("browser");

            browser.go("#/submit/run?experiment=" + experiment);
            browser.type("[data-field='epochs']", "0");
            browser.type("[data-field='method.params.temperature']", "-1");
            browser.find("#submit-run-submit").click();

            WebElement epochsError = browser.await("[data-error-for='epochs']");
            assertThat(epochsError.getText()).contains("1").contains("10000");
            assertThat(browser.find("[data-error-for='method.params.temperature']").getText()).isNotBlank();
            assertThat(browser.find("[data-field='epochs']").getAttribute("aria-invalid")).isEqualTo("true");
            browser.screenshot("submit-run-field-errors");
            assertThat(given().get("/api/v1/experiments/" + experiment + "/runs").jsonPath().getList("items")).isEmpty();

            browser.type("[data-field='epochs']", "2");
            browser.type("[data-field='method.params.temperature']", "0.3");
            browser.type("[data-field='max_steps_per_epoch']", "3");
            browser.type("[data-field='seed']", "7");
            browser.find("#submit-run-submit").click();
            String url = browser.waitFor(d -> RUN_ROUTE.matcher(d.getCurrentUrl()).find() ? d.getCurrentUrl() : null);
            Matcher m = RUN_ROUTE.matcher(url);
            assertThat(m.find()).isTrue();
            long run = Long.parseLong(m.group(1));
            browser.waitReady();
            assertThat(browser.find("#run-status").getText()).isEqualTo("QUEUED");
            assertThat(given().get("/api/v1/runs/" + run).jsonPath().getFloat("spec.method.params.temperature")).isEqualTo(0.3f);
            assertThat(given().get("/api/v1/runs/" + run).jsonPath().getLong("seed")).isEqualTo(7);

            browser.go("#/queue");
            assertThat(browser.await("#queue-table tr[data-run-id='" + run + "']").getText()).contains("simclr").contains("seed 7");
            browser.go("#/runs/" + run);
            assertThat(browser.await("#run-phase").getText()).isEqualTo("queued: waiting for a runner");
            assertThat(browser.find("main").getText()).contains("The run is queued: nothing has trained yet.");
            assertThat(browser.driver().findElements(By.id("chart-loss"))).isEmpty();

            RunnerPlayer runner = RunnerPlayer.register();
            int attempt = runner.claim(run);
            runner.heartbeat(run, attempt, "\"progress\": {\"epoch\": 1, \"step\": 3, \"global_step\": 3, \"total_steps\": 6, "
                    + "\"fraction\": 0.5, \"loss\": 4.1, \"images_per_sec\": 512, \"eta_seconds\": 12}, "
                    + "\"environment\": {\"java\": \"17.0.15\", \"djl\": \"0.36.0\", \"device\": \"cpu()\"}, "
                    + "\"log_tail\": \"epoch 1/2 step 3/3 loss 4.1\", \"log_from\": 0, \"log_lines\": [\"starting\", \"epoch 1/2 step 3/3 loss 4.1\"], "
                    + "\"metrics\": [{\"key\": \"diag/collapse_threshold\", \"step\": 1, \"value\": 0.0088}, {\"key\": \"diag/collapse_flag\", \"step\": 1, \"value\": 0},"
                    + "{\"key\": \"train/loss_step\", \"step\": 1, \"value\": 5.0}, {\"key\": \"train/loss_step\", \"step\": 2, \"value\": 4.6},"
                    + "{\"key\": \"train/loss_step\", \"step\": 3, \"value\": 4.1}, {\"key\": \"train/loss\", \"step\": 1, \"value\": 4.57},"
                    + "{\"key\": \"knn/top1\", \"step\": 1, \"value\": 0.42}, {\"key\": \"diag/embedding_std\", \"step\": 1, \"value\": 0.05},"
                    + "{\"key\": \"diag/rankme\", \"step\": 1, \"value\": 31.5}, {\"key\": \"diag/energy_gap\", \"step\": 1, \"value\": 0.4}]");

            browser.waitFor(d -> "RUNNING".equals(d.findElement(By.id("run-status")).getText()));
            browser.waitFor(d -> d.findElement(By.cssSelector("[data-stat='epoch'] .v")).getText().equals("1 / 2"));
            assertThat(browser.find("[data-stat='progress'] .v").getText()).isEqualTo("50.0 %");
            assertThat(chartYs(browser, "chart-loss", 0)).containsExactly(5.0, 4.6, 4.1);
            assertThat(chartYs(browser, "chart-knn", 0)).containsExactly(0.42);
            assertThat(chartYs(browser, "chart-diag-rankme", 0)).containsExactly(31.5);
            // The std against the detector's threshold, on an axis from zero, and the detector's verdict in words.
            assertThat(chartYs(browser, "chart-diag-std", 0)).containsExactly(0.05);
            assertThat(chartYs(browser, "chart-diag-std", 1)).containsExactly(0.0088);
            assertThat(number(browser.script("return Chart.getChart('chart-diag-std').scales.y.min"))).isZero();
            assertThat(browser.find("#collapse-state").getText()).isEqualTo("No collapse flagged over 1 epochs.");
            assertThat(browser.find("#run-log").getText()).contains("    1  starting").contains("    2  epoch 1/2 step 3/3 loss 4.1");
            assertThat(browser.find("#run-phase").getText()).isEqualTo("training");
            browser.screenshot("run-running");

            // Training done, the final evaluation under way; and 600 more log lines, so the log has two pages.
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 600; i++) {
                lines.append(i == 0 ? "" : ", ").append("\"evaluation line ").append(i).append('"');
            }
            runner.heartbeat(run, attempt, "\"progress\": {\"phase\": \"evaluating\", \"evaluation\": {\"stage\": \"linear-probe/v1\", "
                    + "\"done\": 2, \"total\": 4}, \"epoch\": 2, \"step\": 3, \"global_step\": 6, \"total_steps\": 6, "
                    + "\"fraction\": 1.0, \"loss\": 3.2, \"eta_seconds\": 0}, \"log_from\": 2, \"log_lines\": [" + lines + "], "
                    + "\"metrics\": [{\"key\": \"train/loss_step\", \"step\": 6, \"value\": 3.2},"
                    + "{\"key\": \"train/loss\", \"step\": 2, \"value\": 3.5}, {\"key\": \"knn/top1\", \"step\": 2, \"value\": 0.55}]");
            browser.waitFor(d -> d.findElement(By.id("run-phase")).getText().startsWith("evaluating") ? true : null);
            assertThat(browser.find("#run-phase").getText()).isEqualTo("evaluating: linear-probe/v1 (2 of 4 stages done)");
            assertThat(browser.find("[data-stat='eta'] .v").getText()).isEqualTo("training done");
            assertThat(browser.find("#evaluation-progress [role=progressbar]").getAttribute("aria-valuenow")).isEqualTo("50");
            assertThat(browser.find("#run-log-position").getText()).isEqualTo("lines 103–602 of 602 (following)");
            assertThat(browser.find("#run-log").getText()).contains("  602  evaluation line 599").doesNotContain("starting");
            clickFresh(browser, "#run-log-card button:nth-of-type(1)"); // First (the card redraws with every poll)
            browser.waitFor(d -> d.findElement(By.id("run-log-position")).getText().startsWith("lines 1–500") ? true : null);
            assertThat(browser.find("#run-log").getText()).startsWith("── attempt 1 ──").contains("    1  starting").contains("  500  evaluation line 497");
            browser.screenshot("run-evaluating");
            clickFresh(browser, "#run-log-card button:nth-of-type(4)"); // Latest
            browser.waitFor(d -> d.findElement(By.id("run-log-position")).getText().startsWith("lines 103") ? true : null);
            runner.results(run, attempt, "[" + RunnerPlayer.result("linear-probe/v1", "linear-probe/top1", 2, 0.71) + ", "
                    + RunnerPlayer.result("knn/v1", "knn/top1", 2, 0.56) + "]");
            runner.complete(run, attempt, "SUCCEEDED");

            browser.waitFor(d -> "SUCCEEDED".equals(d.findElement(By.id("run-status")).getText()));
            assertThat(browser.await("#run-results tr[data-metric='linear-probe/top1']").getText())
                    .contains("linear-probe/v1").contains("71.0 %");
            assertThat(browser.driver().findElements(By.id("run-phase"))).isEmpty(); // not running: no phase line
            assertThat(chartYs(browser, "chart-knn", 0)).containsExactly(0.42, 0.55);
            browser.screenshot("run-succeeded");

            browser.go("#/experiments/" + experiment);
            WebElement row = browser.await("tr[data-run-id='" + run + "']");
            assertThat(row.getAttribute("data-status")).isEqualTo("SUCCEEDED");
            assertThat(row.findElement(By.cssSelector("td[data-metric='linear-probe/top1']")).getText()).isEqualTo("71.0 %");
            assertThat(row.findElement(By.cssSelector("td[data-metric='knn/top1']")).getText()).isEqualTo("56.0 %");
            browser.screenshot("experiment-one-run");
        }
    }

    /**
     * Three configurations of two methods (and, not selected, random-init and raw-pixels as the
     * experiment's baselines), numbers chosen by hand: SimCLR at temperature 0.2 scores 0.70, 0.72, 0.74
     * (95 % interval 0.72 ± 4.303 x 0.02 / sqrt 3 = ± 0.0497), at 0.5 0.80, 0.81, 0.79 (± 0.0248, the best),
     * BYOL 0.77, 0.79, 0.81 (± 0.0497): SimCLR 0.2 is apart from the best, BYOL within noise of it.
     */
    @Test
    void theCompareViewShowsIntervalsBaselinesAndWhatIsWithinNoise() throws Exception {
        long experiment = TestData.experiment("portal: compare temperatures");
        String[] methods = {"simclr", "simclr", "byol"};
        String[] params = {", \"params\": {\"temperature\": 0.2}", ", \"params\": {\"temperature\": 0.5}", ""};
        double[][] linear = {{0.70, 0.72, 0.74}, {0.80, 0.81, 0.79}, {0.77, 0.79, 0.81}};
        double[][] tenPercent = {{0.50, 0.52, 0.54}, {0.60, 0.60, 0.60}, {0.55, 0.56, 0.57}};
        double[] firstLoss = {6, 5, 40}; // BYOL's objective on another scale: the chart normalises each curve
        List<String> configHashes = new ArrayList<>();
        RunnerPlayer runner = RunnerPlayer.register();
        for (int c = 0; c < 3; c++) {
            for (int s = 0; s < 3; s++) {
                long run = TestData.run(experiment, "{\"dataset\": \"" + TestData.SAMPLE + "\", \"method\": {\"name\": \""
                        + methods[c] + "\"" + params[c] + "}, \"epochs\": 2, \"max_steps_per_epoch\": 2, \"seed\": " + (s + 1) + "}");
                if (s == 0) {
                    configHashes.add(given().get("/api/v1/runs/" + run).jsonPath().getString("config_hash"));
                }
                play(runner, run, firstLoss[c] + s, firstLoss[c] - 1 + s, "[" + RunnerPlayer.result("linear-probe/v1", "linear-probe/top1", 2, linear[c][s]) + ", "
                        + RunnerPlayer.result("label-efficiency/v1", "label-efficiency/top1@1%", 2, tenPercent[c][s] - 0.2) + ", "
                        + RunnerPlayer.result("label-efficiency/v1", "label-efficiency/top1@10%", 2, tenPercent[c][s]) + ", "
                        + RunnerPlayer.result("label-efficiency/v1", "label-efficiency/top1@100%", 2, linear[c][s]) + "]");
            }
        }
        String randomInit = null;
        for (int s = 0; s < 3; s++) {
            long run = TestData.run(experiment, TestData.spec("random-init", s + 1));
            randomInit = given().get("/api/v1/runs/" + run).jsonPath().getString("config_hash");
            play(runner, run, 1, 1, "[" + RunnerPlayer.result("linear-probe/v1", "linear-probe/top1", 2, 0.60 + 0.01 * s) + "]");
        }
        long rawRun = TestData.run(experiment, TestData.spec("raw-pixels", 1));
        String raw = given().get("/api/v1/runs/" + rawRun).jsonPath().getString("config_hash");
        play(runner, rawRun, 1, 1, "[" + RunnerPlayer.result("linear-probe/v1", "linear-probe/top1", 2, 0.65) + "]");

        try (Browser browser = Browser.open(base.toString())) {
            browser.go("#/experiments/" + experiment);
            browser.find("#group-by-config").click();
            for (String hash : configHashes) {
                browser.await("tr[data-config-hash='" + hash + "'] input[type=checkbox]").click();
            }
            assertThat(browser.find("tr[data-config-hash='" + configHashes.get(0) + "'] td[data-metric='linear-probe/top1']").getText())
                    .isEqualTo("72.0 ± 2.0 %");
            browser.screenshot("experiment-grouped");
            browser.find("#compare-selected").click();
            browser.waitFor(d -> d.getCurrentUrl().contains("#/compare?") ? true : null);
            browser.waitReady();
            browser.await("#chart-linear-probe");

            @SuppressWarnings("unchecked")
            List<String> keys = (List<String>) browser.script("return Chart.getChart('chart-linear-probe').data.keys");
            assertThat(keys).containsExactlyElementsOf(configHashes);
            assertThat(browser.script("return Chart.getChart('chart-linear-probe').data.labels"))
                    .isEqualTo(List.of("simclr temperature=0.2 (n=3)", "simclr temperature=0.5 (n=3)", "byol (n=3)"));
            double halfWidth2 = 4.302653 * 0.02 / Math.sqrt(3);
            double halfWidth1 = 4.302653 * 0.01 / Math.sqrt(3);
            assertThat(chartValues(browser, "data")).usingElementComparator(CLOSE).containsExactly(0.72, 0.80, 0.79);
            assertThat(chartValues(browser, "errorBars")).usingElementComparator(CLOSE).containsExactly(halfWidth2, halfWidth1, halfWidth2);
            assertThat(browser.script("return Chart.getChart('chart-linear-probe').data.datasets[0].valueLabels"))
                    .isEqualTo(List.of("72.0", "80.0", "79.0 ≈"));
            assertThat(number(browser.script("return Chart.getChart('chart-linear-probe').scales.y.min"))).isZero();
            assertThat(browser.script("return Chart.getChart('chart-linear-probe').options.plugins.umbraBaselines.lines"
                    + ".map(l => l.method + ' ' + l.value.toFixed(4))")).isEqualTo(List.of("random-init 0.6100", "raw-pixels 0.6500"));
            assertThat(noiseMarks(browser)).isEqualTo(List.of("apart", "best", "within noise"));
            assertThat(browser.find("#compare-results tr[data-key='" + configHashes.get(0) + "']").getText())
                    .contains("72.0 ± 2.0 %", "95 % 67.0 to 77.0 %", "−8.0 pts, apart");

            for (int c = 0; c < 3; c++) {
                int series = indexOfDataset(browser, "chart-label-efficiency", configHashes.get(c));
                assertThat(chartXs(browser, "chart-label-efficiency", series)).containsExactly(1.0, 10.0, 100.0);
                assertThat(chartYs(browser, "chart-label-efficiency", series).get(1)).isCloseTo(mean(tenPercent[c]), within(1e-9));
                // Means over seeds (first + 1, first) of first + s, first - 1 + s, divided by the first value.
                int loss = indexOfDataset(browser, "chart-compare-loss", configHashes.get(c));
                assertThat(chartYs(browser, "chart-compare-loss", loss)).usingElementComparator(CLOSE)
                        .containsExactly(1.0, firstLoss[c] / (firstLoss[c] + 1));
            }
            assertThat(browser.find("#spec-diff tr[data-path='method.params.temperature']").getText()).contains("0.2").contains("0.5");
            assertThat(browser.driver().findElements(By.id("chart-compare-knn"))).isEmpty(); // no run reported kNN while training
            assertThat(browser.find("main").getText()).contains("No kNN evaluation during training among these runs");
            browser.screenshot("compare-three-configurations");

            // Two configurations named by 8-character prefixes: the paired t-test over their shared seeds decides.
            // Differences 0.10, 0.09, 0.05: mean 0.08, std 0.02646, t = 5.237 with 2 df, p = 0.035.
            browser.go("#/compare?experiment=" + experiment + "&groups=" + configHashes.get(0).substring(0, 8) + ","
                    + configHashes.get(1).substring(0, 8));
            assertThat(browser.await("#paired-test").getText()).contains("seeds 1, 2, 3").contains("+8.0 pts")
                    .contains("p = 0.035").endsWith("apart.");
            assertThat(browser.find("#chart-compare-loss").isDisplayed()).isTrue();
            assertThat(browser.script("return Chart.getChart('chart-compare-loss').options.scales.y.title.text")).isEqualTo("loss");

            // Named once for all its seeds: the name becomes the label.
            browser.find("#configuration-notes summary").click();
            WebElement form = browser.await("#configuration-notes form[data-config-hash='" + configHashes.get(0) + "']");
            form.findElement(By.cssSelector("input")).sendKeys("cold SimCLR");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            browser.waitFor(d -> "cold SimCLR".equals(given().get("/api/v1/configurations/" + configHashes.get(0)).jsonPath().getString("name"))
                    ? true : null);
            browser.driver().navigate().refresh();
            browser.waitReady();
            browser.await("#chart-linear-probe");
            assertThat(browser.script("return Chart.getChart('chart-linear-probe').data.labels[0]")).isEqualTo("cold SimCLR (n=3)");

            browser.go("#/compare?experiment=" + experiment + "&groups=" + configHashes.get(0).substring(0, 5));
            assertThat(browser.await(".alert.error").getText()).contains("at least 8 characters");

            // The experiment's leaderboard: SimCLR 0.5 [0.775, 0.825] ≈ BYOL [0.740, 0.840] ≈ SimCLR 0.2 [0.670, 0.770],
            // which is apart from raw pixels (exactly 0.65), apart from random-init [0.585, 0.635].
            browser.go("#/leaderboard?experiment=" + experiment);
            browser.await("#leaderboards tbody tr");
            @SuppressWarnings("unchecked")
            List<String> marked = (List<String>) browser.script("return [...document.querySelectorAll('#leaderboards tbody tr')]"
                    + ".map(tr => tr.dataset.configHash + (tr.querySelector('.within-noise') ? ' ≈' : ''))");
            assertThat(marked).containsExactly(configHashes.get(1) + " ≈", configHashes.get(2) + " ≈", configHashes.get(0),
                    raw, randomInit);
        }
    }

    /** What the API does to a run, done from its page and the queue page; destructive actions ask first. */
    @Test
    void aRunIsNamedClonedRerunReprioritisedCancelledAndDeletedInTheBrowser() throws Exception {
        long experiment = TestData.experiment("portal: run actions");
        long run = TestData.run(experiment, "{\"dataset\": \"" + TestData.SAMPLE + "\", \"method\": {\"name\": \"vicreg\"}, "
                + "\"epochs\": 3, \"max_steps_per_epoch\": 2, \"seed\": 21, \"schedule\": {\"kind\": \"cosine\", \"warmup_epochs\": 1}}");
        try (Browser browser = Browser.open(base.toString())) {
            browser.go("#/runs/" + run);
            WebElement priority = browser.await(".page-head .priority-input");
            priority.sendKeys(Keys.chord(Keys.CONTROL, "a"), "7", Keys.TAB);
            browser.waitFor(d -> given().get("/api/v1/runs/" + run).jsonPath().getInt("priority") == 7 ? true : null);

            browser.type("#run-name-input", "vicreg, short warm-up");
            browser.type("#run-notes-input", "does one warm-up epoch suffice?");
            browser.find("#save-run-notes").click();
            browser.waitFor(d -> "vicreg, short warm-up".equals(given().get("/api/v1/runs/" + run).jsonPath().getString("name")) ? true : null);
            assertThat(given().get("/api/v1/runs/" + run).jsonPath().getString("notes")).isEqualTo("does one warm-up epoch suffice?");
            browser.waitFor(d -> d.findElement(By.id("run-name")).getText().equals("vicreg, short warm-up") ? true : null);

            // Clone: the submit form starts from the run's spec; a field changed, the rest (the schedule too) kept.
            browser.find("#clone-run").click();
            browser.await("#cloned-from");
            assertThat(new Select(browser.find("[data-field='method.name']")).getFirstSelectedOption().getAttribute("value")).isEqualTo("vicreg");
            assertThat(browser.find("[data-field='epochs']").getAttribute("value")).isEqualTo("3");
            browser.type("[data-field='seed']", "22");
            browser.find("#submit-run-submit").click();
            String url = browser.waitFor(d -> RUN_ROUTE.matcher(d.getCurrentUrl()).find() && !d.getCurrentUrl().endsWith("/" + run)
                    ? d.getCurrentUrl() : null);
            long clone = Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
            // The clone kept what the form has no field for (the schedule) and took the seed typed in.
            JsonPath cloned = given().get("/api/v1/runs/" + clone).jsonPath();
            assertThat(cloned.getString("method")).isEqualTo("vicreg");
            assertThat(cloned.getLong("seed")).isEqualTo(22);
            assertThat(cloned.getInt("spec.epochs")).isEqualTo(3);
            assertThat(cloned.getFloat("spec.schedule.warmup_epochs")).isEqualTo(1f);
            assertThat(cloned.getInt("spec.max_steps_per_epoch")).isEqualTo(2);

            // Succeeded, then rerun: the same run hash, and the original's page lists both.
            RunnerPlayer runner = RunnerPlayer.register();
            int attempt = runner.claim(run);
            runner.results(run, attempt, "[" + RunnerPlayer.result("linear-probe/v1", "linear-probe/top1", 3, 0.61) + "]");
            runner.complete(run, attempt, "SUCCEEDED");
            browser.go("#/runs/" + run);
            browser.await("#rerun").click();
            String rerunUrl = browser.waitFor(d -> RUN_ROUTE.matcher(d.getCurrentUrl()).find() && !d.getCurrentUrl().endsWith("/" + run)
                    ? d.getCurrentUrl() : null);
            long rerun = Long.parseLong(rerunUrl.substring(rerunUrl.lastIndexOf('/') + 1));
            assertThat(given().get("/api/v1/runs/" + rerun).jsonPath().getString("run_hash"))
                    .isEqualTo(given().get("/api/v1/runs/" + run).jsonPath().getString("run_hash"));
            browser.go("#/runs/" + run);
            assertThat(browser.await("#rerun-table").getText()).contains("#" + run).contains("#" + rerun);

            // The queue page: reprioritise the rerun, then cancel it (asked first; dismissing does nothing).
            browser.go("#/queue");
            onFresh(browser, "#queue-table tr[data-run-id='" + rerun + "'] .priority-input", input -> input.sendKeys(
                    Keys.chord(Keys.CONTROL, "a"), "-5", Keys.TAB));
            browser.waitFor(d -> given().get("/api/v1/runs/" + rerun).jsonPath().getInt("priority") == -5 ? true : null);
            String cancel = "#queue-table tr[data-run-id='" + rerun + "'] .cancel-queued";
            clickFresh(browser, cancel);
            browser.driver().switchTo().alert().dismiss();
            assertThat(given().get("/api/v1/runs/" + rerun).jsonPath().getString("status")).isEqualTo("QUEUED");
            clickFresh(browser, cancel);
            browser.driver().switchTo().alert().accept();
            browser.waitFor(d -> "CANCELLED".equals(given().get("/api/v1/runs/" + rerun).jsonPath().getString("status")) ? true : null);

            // Delete, asked first.
            browser.go("#/runs/" + run);
            browser.await("#delete-run").click();
            browser.driver().switchTo().alert().accept();
            browser.waitFor(d -> d.getCurrentUrl().endsWith("#/experiments/" + experiment) ? true : null);
            given().get("/api/v1/runs/" + run).then().statusCode(404);
            given().post("/api/v1/runs/" + clone + "/cancel").then().statusCode(200);
        }
    }

    /** Clicks what css finds now, again if a poll replaced it between finding and clicking (the queue page refreshes every 3 s). */
    private static void clickFresh(Browser browser, String css) {
        onFresh(browser, css, WebElement::click);
    }

    private static void onFresh(Browser browser, String css, Consumer<WebElement> action) {
        browser.waitFor(d -> {
            try {
                action.accept(d.findElement(By.cssSelector(css)));
                return true;
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return null;
            }
        });
    }

    @Test
    void seedsAreAddedToASweepFromItsPage() throws Exception {
        long experiment = TestData.experiment("portal: more seeds");
        String doc = "{\"base\": {\"dataset\": \"" + TestData.SAMPLE + "\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 2,"
                + " \"max_steps_per_epoch\": 2}, \"axes\": [{\"path\": \"optimizer.lr\", \"values\": [0.1, 0.2]}], \"seeds\": [1]}";
        long sweep = submitSweep(experiment, doc);
        try (Browser browser = Browser.open(base.toString())) {
            browser.go("#/sweeps/" + sweep);
            browser.type("#sweep-more-seeds", "x");
            browser.find("#add-seeds button[type=submit]").click();
            assertThat(browser.await("#add-seeds .field-error").getText()).isNotBlank(); // the API's error, beside the field
            browser.type("#sweep-more-seeds", "2, 3");
            browser.find("#add-seeds button[type=submit]").click();
            browser.waitFor(d -> given().get("/api/v1/sweeps/" + sweep).jsonPath().getInt("total_runs") == 6 ? true : null);
            browser.await("#cancel-sweep").click();
            browser.driver().switchTo().alert().accept();
            browser.waitFor(d -> given().get("/api/v1/sweeps/" + sweep).jsonPath().getBoolean("cancelled") ? true : null);
        }
    }

    /** The pages for what only the API showed: every sweep, datasets (registered from the browser), compute, the audit log. */
    @Test
    void sweepsDatasetsComputeAndTheAuditLogHaveTheirPages() throws Exception {
        long experiment = TestData.experiment("portal: more pages");
        String doc = "{\"name\": \"listed sweep\", \"base\": {\"dataset\": \"" + TestData.SAMPLE + "\", \"method\": {\"name\": \"byol\"},"
                + " \"epochs\": 2, \"max_steps_per_epoch\": 2}, \"axes\": [{\"path\": \"optimizer.lr\", \"values\": [0.3]}], \"seeds\": [5]}";
        long sweep = submitSweep(experiment, doc);
        long run = given().get("/api/v1/sweeps/" + sweep + "/runs").jsonPath().getLong("items[0].run_id");
        play(RunnerPlayer.register(), run, 3, 2, "[" + RunnerPlayer.result("linear-probe/v1", "linear-probe/top1", 2, 0.66) + "]");
        String configHash = given().get("/api/v1/runs/" + run).jsonPath().getString("config_hash");
        Path folder = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
                "umbra-test-datasets", "team-" + Users.defaultTeam(), "portal-" + UUID.randomUUID()));
        Files.writeString(folder.resolve("train-labels"), "0 1 2");
        String datasetName = "portal-" + System.nanoTime();

        try (Browser browser = Browser.open(base.toString())) {
            browser.go("#/sweeps");
            assertThat(browser.await("#sweep-list tr[data-sweep-id='" + sweep + "']").getText()).contains("listed sweep").contains("#" + experiment).contains("1 (0 reused)");

            browser.go("#/datasets");
            browser.await("#register-dataset-form [data-field='location']");
            browser.find("#register-dataset").click();
            assertThat(browser.await("#register-dataset-form [data-error-for='name']").getText()).isNotBlank();
            browser.type("#register-dataset-form [data-field='name']", datasetName);
            browser.type("#register-dataset-form [data-field='num_classes']", "3");
            browser.type("#register-dataset-form [data-field='height']", "28");
            browser.type("#register-dataset-form [data-field='width']", "28");
            browser.type("#register-dataset-form [data-field='location']", folder.toString());
            browser.find("#register-dataset-form [data-field='hflip_preserves_labels']").click();
            browser.find("#register-dataset").click();
            assertThat(browser.await("#dataset-table tr[data-dataset='" + datasetName + "']").getText()).contains("idx").contains("1×28×28");
            JsonPath dataset = given().get("/api/v1/datasets").jsonPath().setRootPath("find { it.name == '" + datasetName + "' }");
            assertThat(dataset.getString("checksum")).isEqualTo(DatasetManifest.of(folder).checksum());
            assertThat(dataset.getBoolean("hflip_preserves_labels")).isFalse();

            browser.go("#/compute");
            WebElement point = browser.await("tr[data-config-hash='" + configHash + "']");
            assertThat(point.getText()).contains("byol").contains("66.0 %");
            assertThat(browser.script("return Chart.getChart('chart-compute-" + TestData.SAMPLE + "').data.datasets.length")).isNotEqualTo(0L);

            browser.go("#/team");
            browser.await("#audit-link").click();
            assertThat(browser.await("#audit-table").getText()).contains("POST /api/v1/datasets").contains("admin");
            browser.screenshot("audit-log");
        }
    }

    /** The launcher is off here: its record of a failed pod is written as the launcher writes it (KubernetesLauncherTest). */
    @Test
    void theQueuePageShowsTheLaunchedPodsAndWhyOneFailed() throws Exception {
        long run = TestData.run(TestData.experiment("portal: launched pods"), TestData.spec("simclr", 21));
        String job = "umbra-run-" + run + "-1";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO launched_pod (job_name, run_id, team_id, launch, phase, failed_launch, reason, launched_at, observed_at)
                VALUES (?, ?, ?, 1, 'FAILED', true, 'Evicted: The node was low on resource: memory.', now(), now())
                """)) {
            ps.setString(1, job);
            ps.setLong(2, run);
            ps.setLong(3, Users.defaultTeam());
            ps.executeUpdate();
        }

        try (Browser browser = Browser.open(base.toString())) {
            browser.go("#/queue");
            WebElement row = browser.await("#pod-table tr[data-job='" + job + "']");
            assertThat(row.getText()).contains("#" + run).contains("failed").contains("failed launch")
                    .contains("Evicted: The node was low on resource: memory.");
            assertThat(browser.find("#pod-table").isDisplayed()).isTrue();
        } finally {
            given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(200);
        }
    }

    /** The runs table: its view (filters, grouping, sort) shared through the URL, its columns chosen and remembered, its key columns sticky. */
    @Test
    void theRunsTableKeepsItsViewInTheUrlAndItsColumnChoiceInTheBrowser() throws Exception {
        long experiment = TestData.experiment("portal: table views");
        TestData.run(experiment, TestData.spec("simclr", 1));
        TestData.run(experiment, TestData.spec("simclr", 2));
        long byol = TestData.run(experiment, TestData.spec("byol", 3));
        try (Browser browser = Browser.open(base.toString())) {
            browser.go("#/experiments/" + experiment);
            new Select(browser.await("#filter-method")).selectByValue("byol");
            clickFresh(browser, "#run-table th[data-key='seed']"); // the table redraws while its runs are queued
            String url = browser.waitFor(d -> d.getCurrentUrl().contains("sort=seed") ? d.getCurrentUrl() : null);
            assertThat(url).contains("method=byol");

            browser.go("#/");
            browser.go(url.substring(url.indexOf('#')));
            assertThat(new Select(browser.await("#filter-method")).getFirstSelectedOption().getText()).isEqualTo("byol");
            assertThat(browser.driver().findElements(By.cssSelector("#run-table tbody tr"))).singleElement()
                    .satisfies(row -> assertThat(row.getAttribute("data-run-id")).isEqualTo(String.valueOf(byol)));
            assertThat(browser.find("#run-table th[data-key='seed']").getAttribute("aria-sort")).isEqualTo("descending");
            assertThat(browser.script("return getComputedStyle(document.querySelector('#run-table tbody td:nth-child(2)')).position"))
                    .isEqualTo("sticky");

            browser.find("#column-chooser summary").click();
            browser.find("#column-chooser input[data-column='seed']").click();
            assertThat(browser.driver().findElements(By.cssSelector("#run-table th[data-key='seed']"))).isEmpty();
            browser.go("#/");
            browser.go("#/experiments/" + experiment);
            browser.await("#run-table");
            assertThat(browser.driver().findElements(By.cssSelector("#run-table th[data-key='seed']"))).as("remembered").isEmpty();
            browser.find("#column-chooser summary").click();
            browser.find("#column-chooser input[data-column='seed']").click();
            assertThat(browser.await("#run-table th[data-key='seed']").isDisplayed()).isTrue();

            // The experiment itself: renamed and tagged, then archived and back.
            browser.find("#edit-experiment").findElement(By.xpath("./ancestor::details/summary")).click();
            browser.type("#edit-experiment [data-field='name']", "portal: table views, renamed");
            browser.type("#edit-experiment [data-field='tags']", "views, browser");
            browser.find("#save-experiment").click();
            browser.waitFor(d -> "portal: table views, renamed".equals(given().get("/api/v1/experiments/" + experiment).jsonPath().getString("name"))
                    ? true : null);
            assertThat(given().get("/api/v1/experiments/" + experiment).jsonPath().getList("tags")).containsExactly("views", "browser");
            browser.await("#edit-experiment").findElement(By.xpath("./ancestor::details/summary")).click();
            browser.find("#archive-experiment").click();
            browser.waitFor(d -> given().get("/api/v1/experiments/" + experiment).jsonPath().getBoolean("archived") ? true : null);
        }
    }

    private static long submitSweep(long experiment, String doc) {
        return given().contentType("application/json").body(doc).post("/api/v1/experiments/" + experiment + "/sweeps")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** A run claimed, two epochs of loss reported, results in, succeeded. */
    private static void play(RunnerPlayer runner, long run, double lossEpoch1, double lossEpoch2, String results) {
        int attempt = runner.claim(run);
        runner.heartbeat(run, attempt, "\"metrics\": [{\"key\": \"train/loss\", \"step\": 1, \"value\": " + lossEpoch1 + "},"
                + "{\"key\": \"train/loss\", \"step\": 2, \"value\": " + lossEpoch2 + "}]");
        runner.results(run, attempt, results);
        runner.complete(run, attempt, "SUCCEEDED");
    }

    @SuppressWarnings("unchecked")
    private static List<Double> chartValues(Browser browser, String property) {
        return ((List<Object>) browser.script("return Chart.getChart('chart-linear-probe').data.datasets[0][arguments[0]]", property))
                .stream().map(PortalBrowserIT::number).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> noiseMarks(Browser browser) {
        return (List<String>) browser.script(
                "return [...document.querySelectorAll('#compare-results tbody tr td[data-noise]')].map(td => td.dataset.noise)");
    }

    @Test
    void signingInLeadsToThePageAskedForAndSigningOutEndsTheSession() throws Exception {
        long experiment = TestData.experiment("portal: sign-in");
        try (Browser browser = Browser.openSignedOut(base.toString())) {
            browser.driver().get(base + "#/experiments/" + experiment);
            browser.waitFor(d -> d.getCurrentUrl().contains("#/login?next=") ? true : null);
            browser.signIn("admin", "not the password");
            assertThat(browser.await("#login .form-errors .alert").getText()).contains("wrong username or password");
            browser.screenshot("sign-in-refused");

            browser.type("#login [data-field='password']", TestData.ADMIN_PASSWORD);
            browser.find("#sign-in").click();
            browser.waitFor(d -> d.getCurrentUrl().endsWith("#/experiments/" + experiment) ? true : null);
            browser.waitReady();
            assertThat(browser.find("h1").getText()).isEqualTo("portal: sign-in");
            assertThat(browser.await("#signed-in-as").getText()).contains("admin").contains("default");
            assertThat(browser.script("return document.cookie")).asString().doesNotContain("umbra_session");

            browser.find("#sign-out").click();
            browser.waitFor(d -> d.getCurrentUrl().contains("#/login") ? true : null);
            browser.driver().get(base + "#/experiments/" + experiment);
            browser.waitFor(d -> d.getCurrentUrl().contains("#/login?next=") ? true : null);
        }
    }

    @Test
    void aSweepAndTheBenchmarkSuiteAreSubmittedThroughTheirForms() throws Exception {
        long experiment = TestData.experiment("portal: sweeps");
        try (Browser browser = Browser.open(base.toString())) {
            browser.go("#/submit/sweep?experiment=" + experiment);
            browser.type("[data-field='name']", "lr x temperature");
            browser.type("[data-field='seeds']", "1, 1");
            browser.type("[data-field='axes[0].path']", "seed");
            browser.type("[data-field='base.epochs']", "2");
            browser.type("[data-field='base.max_steps_per_epoch']", "2");
            browser.find("#submit-sweep-submit").click();
            assertThat(browser.await("[data-error-for='seeds[1]']").getText()).contains("repeats");
            assertThat(browser.find("[data-error-for='axes[0].path']").getText()).contains("seeds");
            browser.screenshot("submit-sweep-field-errors");

            browser.type("[data-field='seeds']", "1, 2");
            browser.type("[data-field='axes[0].path']", "optimizer.lr");
            browser.type("[data-field='axes[0]']", "0.1, 0.3");
            browser.find("#add-axis").click();
            browser.type("[data-field='axes[1].path']", "method.params.temperature");
            browser.type("[data-field='axes[1]']", "0.1, 0.5");
            browser.find("#submit-sweep-submit").click();
            String url = browser.waitFor(d -> d.getCurrentUrl().matches(".*#/sweeps/\\d+$") ? d.getCurrentUrl() : null);
            long sweep = Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
            browser.waitReady();

            List<Map<String, Object>> positions = given().get("/api/v1/sweeps/" + sweep + "/runs?limit=500").jsonPath().getList("items");
            assertThat(positions).hasSize(8);
            RunnerPlayer runner = RunnerPlayer.register();
            for (Map<String, Object> position : positions) {
                long run = ((Number) position.get("run_id")).longValue();
                int attempt = runner.claim(run);
                double lr = given().get("/api/v1/runs/" + run).jsonPath().getDouble("resolved_spec.optimizer.lr");
                runner.results(run, attempt, "[" + RunnerPlayer.result("linear-probe/v1", "linear-probe/top1", 2, 0.5 + lr) + "]");
                runner.complete(run, attempt, "SUCCEEDED");
            }
            browser.waitFor(d -> number(browser.script("return Chart.getChart('chart-parallel').data.datasets.length")) == 8 ? true : null);
            @SuppressWarnings("unchecked")
            List<String> axes = (List<String>) browser.script("return Chart.getChart('chart-parallel').data.labels");
            assertThat(axes).containsExactly("lr", "temperature", "linear-probe/top1");
            // every line ends on the metric axis, normalised: the best runs (lr 0.3) at 1, the others at 0
            @SuppressWarnings("unchecked")
            List<Object> ends = (List<Object>) browser.script("return Chart.getChart('chart-parallel').data.datasets.map(d => d.data[2])");
            assertThat(ends.stream().map(PortalBrowserIT::number).toList()).containsOnly(0.0, 1.0);
            browser.screenshot("sweep-parallel-coordinates");

            browser.go("#/leaderboard");
            WebElement board = browser.await("[data-board='fashion-mnist-sample/convnet-s/2']");
            assertThat(board.getText()).contains("linear-probe/v1").contains("80.0 %");
            browser.screenshot("leaderboard");

            browser.go("#/submit/benchmark?experiment=" + experiment);
            browser.type("[data-field='epochs']", "0");
            browser.find("#submit-suite-submit").click();
            assertThat(browser.await("[data-error-for='base.epochs']").getText()).contains("1");
            browser.type("[data-field='epochs']", "1");
            browser.type("[data-field='seeds']", "5");
            browser.find("#submit-suite-submit").click();
            String suiteUrl = browser.waitFor(d -> d.getCurrentUrl().matches(".*#/sweeps/\\d+$") ? d.getCurrentUrl() : null);
            long suite = Long.parseLong(suiteUrl.substring(suiteUrl.lastIndexOf('/') + 1));
            browser.waitReady();
            assertThat(browser.find("h1").getText()).contains("benchmark-suite");
            browser.screenshot("benchmark-suite");
            given().post("/api/v1/sweeps/" + suite + "/cancel").then().statusCode(200); // leave no queued runs behind
        }
    }

    /** The y values of one dataset of a Chart.js chart. */
    @SuppressWarnings("unchecked")
    static List<Double> chartYs(Browser browser, String canvasId, int dataset) {
        List<Object> ys = (List<Object>) browser.script(
                "return Chart.getChart(arguments[0]).data.datasets[arguments[1]].data.map(p => p.y)", canvasId, dataset);
        return ys.stream().map(PortalBrowserIT::number).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Double> chartXs(Browser browser, String canvasId, int dataset) {
        List<Object> xs = (List<Object>) browser.script(
                "return Chart.getChart(arguments[0]).data.datasets[arguments[1]].data.map(p => p.x)", canvasId, dataset);
        return xs.stream().map(PortalBrowserIT::number).toList();
    }

    private static int indexOfDataset(Browser browser, String canvasId, String configHash) {
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) browser.script("return Chart.getChart(arguments[0]).data.datasets.map(d => d.key)", canvasId);
        assertThat(keys).contains(configHash);
        return keys.indexOf(configHash);
    }

    static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    @Test
    void anAdminManagesMembersAndTokensOnTheTeamPage() throws Exception {
        long invitingTeam = teamThatInvitesTheFirstAdmin();
        try (Browser browser = Browser.open(base.toString())) {
            browser.go("#/team");
            browser.await("#invitation-list .accept-invitation").click();
            browser.waitFor(d -> d.findElements(By.cssSelector("#invitation-list li")).isEmpty() ? true : null);
            assertThat(given().get("/api/v1/teams").jsonPath().getList("id", Long.class)).contains(invitingTeam);
            assertThat(browser.find("h1").getText()).isEqualTo("Team default");
            assertThat(browser.await("#member-table tr[data-username='admin'] .member-role").getText()).isEqualTo("admin");

            browser.find("#member-submit").click();
            assertThat(browser.await("#member-form [data-error-for='username']").getText()).contains("must match");
            String user = "portal-user-" + System.nanoTime();
            browser.type("#member-form [data-field='username']", user);
            new Select(browser.find("#member-form [data-field='role']")).selectByValue("viewer");
            browser.find("#member-submit").click();
            assertThat(browser.await("#member-table tr[data-username='" + user + "'] .member-role").getText())
                    .isEqualTo("viewer");
            assertThat(given().get("/api/v1/teams/" + Users.defaultTeam() + "/members").jsonPath()
                    .getString("find { it.username == '" + user + "' }.role")).isEqualTo("viewer");

            browser.type("#token-form [data-field='name']", "portal token");
            new Select(browser.find("#token-form [data-field='scope']")).selectByValue("read");
            browser.find("#token-submit").click();
            String secret = browser.await("#new-token-secret").getAttribute("value");
            assertThat(secret).startsWith("umbra_user_");
            TestData.as(secret).get("/api/v1/experiments").then().statusCode(200);
            TestData.as(secret).contentType("application/json")
                    .body("{\"name\": \"read scope\"}").post("/api/v1/experiments").then().statusCode(403);
            browser.screenshot("team-page");

            WebElement row = browser.waitFor(d -> d.findElements(By.cssSelector("#token-table tbody tr")).stream()
                    .filter(r -> r.getText().contains("portal token")).findFirst().orElse(null));
            row.findElement(By.cssSelector(".revoke-token")).click();
            browser.waitFor(d -> d.findElement(By.id("token-table")).getText().contains("portal token") ? null : true);
            TestData.as(secret).get("/api/v1/experiments").then().statusCode(401);

            browser.type("#runner-token-form [data-field='name']", "portal-node");
            browser.find("#runner-token-submit").click();
            String runnerSecret = browser.await("#new-runner-token-secret").getAttribute("value");
            assertThat(runnerSecret).startsWith("umbra_runner_");
            WebElement runnerRow = browser.waitFor(d -> d.findElements(By.cssSelector("#runner-token-table tbody tr")).stream()
                    .filter(r -> r.getText().contains("portal-node")).findFirst().orElse(null));
            runnerRow.findElement(By.cssSelector(".revoke-runner-token")).click();
            browser.driver().switchTo().alert().accept();
            browser.waitFor(d -> d.findElement(By.id("runner-token-table")).getText().contains("portal-node") ? null : true);
            TestData.as(runnerSecret).contentType("application/json")
                    .body("{\"name\": \"n\", \"gpus\": 0, \"gpu_memory_gb\": 0, \"labels\": []}")
                    .post("/api/v1/runner/register").then().statusCode(401);

            browser.find("#member-table tr[data-username='" + user + "'] .remove-member").click();
            browser.driver().switchTo().alert().accept();
            browser.waitFor(d -> d.findElement(By.id("member-table")).getText().contains(user) ? null : true);
            assertThat(given().get("/api/v1/teams/" + Users.defaultTeam() + "/members").jsonPath()
                    .getList("username")).doesNotContain(user);
        }
    }

    /** A team of another user (not the first admin) whose admin invites the first admin as a viewer. */
    private static long teamThatInvitesTheFirstAdmin() {
        Users.Team other = Users.outsideTeam();
        long team = TestData.as(other.adminToken()).contentType("application/json").body("{\"name\": \"inviters\"}")
                .post("/api/v1/teams").then().statusCode(201).extract().jsonPath().getLong("id");
        String username = TestData.as(other.adminToken()).get("/api/v1/session").jsonPath().getString("username");
        Users.Session session = Users.signIn(username, Users.PASSWORD);
        String token = TestData.anonymous().cookie("umbra_session", session.cookie()).header("X-CSRF-Token", session.csrf())
                .contentType("application/json").body("{\"name\": \"t\", \"scope\": \"admin\", \"team_id\": " + team + "}")
                .post("/api/v1/tokens").then().statusCode(201).extract().jsonPath().getString("token");
        TestData.as(token).contentType("application/json").body("{\"username\": \"admin\", \"role\": \"viewer\"}")
                .post("/api/v1/teams/" + team + "/members").then().statusCode(202);
        return team;
    }
}

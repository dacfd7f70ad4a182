package dev.umbra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a tiny JDK HTTP server: what it sends, how it prints, how it fails. */
class UmbraCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SWEEP_DTO = "{\"id\": 7, \"experiment_id\": 3, \"name\": \"t\", \"kind\": \"sweep\", \"spec\": {},"
            + " \"total_runs\": 4, \"reused_runs\": 1, \"runs_by_state\": {\"QUEUED\": 3, \"SUCCEEDED\": 1}, \"finished_runs\": 1,"
            + " \"progress\": 0.25, \"eta_seconds\": 90.0, \"cancelled\": false, \"created_at\": \"2026-01-01T00:00:00Z\"}";

    @TempDir
    Path home;

    private final FakePlatform platform = new FakePlatform();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        platform.close();
    }

    private int umbra(Map<String, String> environment, String... args) {
        return UmbraCli.run(args, new PrintWriter(out), new PrintWriter(err), environment, home);
    }

    private int umbra(String... args) {
        return umbra(Map.of("UMBRA_SERVER", platform.url()), args);
    }

    @Test
    void aYamlSweepIsSubmittedAsJson() throws Exception {
        platform.json("POST", "/api/v1/experiments/3/sweeps", 201, SWEEP_DTO);
        Path file = home.resolve("sweep.yaml");
        Files.writeString(file, """
                name: t
                base:
                  dataset: fashion-mnist-sample
                  method: {name: simclr}
                  epochs: 2
                axes:
                  - path: method.params.temperature
                    values: [0.1, 0.5]
                seeds: [1, 2]
                """);

        int code = umbra("submit", file.toString(), "--experiment", "3");

        assertThat(code).isZero();
        JsonNode sent = JSON.readTree(platform.last().body());
        assertThat(sent.at("/base/method/name").asText()).isEqualTo("simclr");
        assertThat(sent.at("/axes/0/values/1").asDouble()).isEqualTo(0.5);
        assertThat(sent.at("/seeds").toString()).isEqualTo("[1,2]");
        assertThat(out.toString()).contains("sweep 7 submitted: 4 runs (1 reused), 3 queued");
    }

    @Test
    void aRunSpecInJsonIsSubmittedAsARun() throws Exception {
        platform.json("POST", "/api/v1/experiments/3/runs", 201, "{\"id\": 12, \"experiment_id\": 3, \"status\": \"QUEUED\","
                + " \"method\": \"byol\", \"backbone\": \"convnet-s\", \"dataset\": \"fashion-mnist-sample\", \"seed\": 4,"
                + " \"config_hash\": \"" + "a".repeat(64) + "\", \"run_hash\": \"" + "b".repeat(64) + "\"}");
        Path file = home.resolve("run.json");
        Files.writeString(file, "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"byol\"}, \"epochs\": 1, \"seed\": 4}");

        assertThat(umbra("submit", file.toString(), "-e", "3")).isZero();

        assertThat(platform.last().uri()).isEqualTo("/api/v1/experiments/3/runs");
        assertThat(out.toString()).contains("run 12 submitted: byol on fashion-mnist-sample, seed 4, QUEUED, run hash bbbbbbbbbbbb");
    }

    @Test
    void aRefusalIsPrintedAsTheApiWordsItWithEveryField() {
        platform.json("POST", "/api/v1/experiments/3/sweeps", 400, "{\"type\": \"urn:umbra:problem:validation\","
                + " \"title\": \"Invalid request\", \"status\": 400, \"detail\": \"2 fields are invalid\", \"errors\": ["
                + "{\"field\": \"axes[0].path\", \"message\": \"'optimizer.learning_rate' is not a run spec path\"},"
                + "{\"field\": \"seeds\", \"message\": \"is required\"}]}");

        int code = umbra("submit", write("{\"base\": {}}"), "-e", "3");

        assertThat(code).isEqualTo(UmbraCli.REFUSED);
        assertThat(err.toString()).contains("error: 400 Invalid request: 2 fields are invalid")
                .contains("  axes[0].path: 'optimizer.learning_rate' is not a run spec path")
                .contains("  seeds: is required");
    }

    @Test
    void theLeaderboardIsATablePerBoardNamingEveryProtocol() {
        platform.json("GET", "/api/v1/leaderboard", 200, """
                {"ranked_by": "linear-probe/top1", "ranked_by_protocol": "linear-probe/v1", "boards": [
                  {"dataset": "fashion-mnist-sample", "backbone": "convnet-s", "epochs": 4, "configurations": 2, "rows": [
                    {"rank": 1, "group": {"config_hash": "%s", "method": "byol", "dataset": "fashion-mnist-sample",
                      "backbone": "convnet-s", "epochs": 4, "runs": 3, "run_ids": [1, 2, 3], "seeds": [1, 2, 3],
                      "train_seconds_mean": 61.5, "gpu_hours_mean": 0.0, "metrics": [
                        {"protocol": "knn/v1", "metric": "knn/top1", "n": 3, "mean": 0.7, "std": 0.0, "min": 0.7, "max": 0.7,
                         "ci95_low": 0.7, "ci95_high": 0.7},
                        {"protocol": "linear-probe/v1", "metric": "linear-probe/top1", "n": 3, "mean": 0.78, "std": 0.02646,
                         "min": 0.75, "max": 0.8, "ci95_low": 0.7143, "ci95_high": 0.8457}]}},
                    {"rank": 2, "group": {"config_hash": "%s", "method": "simclr", "dataset": "fashion-mnist-sample",
                      "backbone": "convnet-s", "epochs": 4, "runs": 1, "run_ids": [4], "seeds": [1],
                      "train_seconds_mean": null, "gpu_hours_mean": null, "metrics": [
                        {"protocol": "linear-probe/v1", "metric": "linear-probe/top1", "n": 1, "mean": 0.72, "std": null,
                         "min": 0.72, "max": 0.72, "ci95_low": null, "ci95_high": null}]}}]}]}
                """.formatted("c".repeat(64), "d".repeat(64)));

        assertThat(umbra("leaderboard", "-e", "3", "--metric", "linear-probe/top1")).isZero();

        assertThat(platform.last().uri()).contains("experiment_id=3").contains("metric=linear-probe%2Ftop1");
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).isEqualTo("fashion-mnist-sample, convnet-s, 4 epochs: 2 configurations, ranked by"
                + " linear-probe/top1 (linear-probe/v1)");
        assertThat(lines[1]).startsWith("rank  apart from next  method  config        seeds  linear-probe/top1  95% CI            "
                + "knn/top1 (knn/v1)  train s");
        // Rank 1 against rank 2 is undecided: rank 2 ran one seed, so it has no interval.
        assertThat(lines[3]).contains("1  ?                byol    cccccccccccc      3    0.7800 ± 0.0265  [0.7143, 0.8457]")
                .contains("0.7000 ± 0.0000").endsWith("61.5");
        assertThat(lines[4]).isEqualTo("   2                   simclr  dddddddddddd      1             0.7200  -                 -                  -");
    }

    @Test
    void theTokenComesFromTheFlagThenTheEnvironmentThenTheConfigFileThenTheEmbeddedAdminToken() throws Exception {
        platform.json("POST", "/api/v1/runs/5/cancel", 200, "{\"id\": 5, \"status\": \"CANCELLED\"}");
        Files.createDirectories(home.resolve(".umbra"));
        Files.writeString(home.resolve(".umbra/admin-token"), "from-first-start\n");
        Files.writeString(home.resolve(".umbra/cli.json"), "{\"server\": \"" + platform.url() + "\"}");

        assertThat(umbra(Map.of(), "cancel", "5")).isZero();
        assertThat(platform.last().authorization()).isEqualTo("Bearer from-first-start");
        Files.writeString(home.resolve(".umbra/cli.json"), "{\"server\": \"" + platform.url() + "\", \"token\": \"from-file\"}");
        assertThat(umbra(Map.of(), "cancel", "5")).isZero();
        assertThat(platform.last().authorization()).isEqualTo("Bearer from-file");
        assertThat(umbra(Map.of("UMBRA_TOKEN", "from-env"), "cancel", "5")).isZero();
        assertThat(platform.last().authorization()).isEqualTo("Bearer from-env");
        assertThat(umbra(Map.of("UMBRA_TOKEN", "from-env"), "cancel", "5", "--token", "from-flag")).isZero();
        assertThat(platform.last().authorization()).isEqualTo("Bearer from-flag");
        assertThat(out.toString()).contains("run 5 CANCELLED");
    }

    @Test
    void watchingARunPrintsEachChangeAndEndsWithItsOutcome() {
        String run = "{\"id\": 9, \"status\": \"%s\", \"progress\": %s}";
        platform.json("GET", "/api/v1/runs/9", 200, run.formatted("QUEUED", "null"))
                .json("GET", "/api/v1/runs/9", 200, run.formatted("RUNNING",
                        "{\"epoch\": 1, \"fraction\": 0.25, \"loss\": 4.5, \"eta_seconds\": 30}"))
                .json("GET", "/api/v1/runs/9", 200, run.formatted("RUNNING",
                        "{\"epoch\": 1, \"fraction\": 0.25, \"loss\": 4.5, \"eta_seconds\": 30}"))
                .json("GET", "/api/v1/runs/9", 200, run.formatted("SUCCEEDED",
                        "{\"epoch\": 4, \"fraction\": 1.0, \"loss\": 3.1}"));

        int code = umbra("watch", "--run", "9", "--interval", "0.01");

        assertThat(code).isZero();
        assertThat(out.toString().lines()).containsExactly("run 9 QUEUED -", "run 9 RUNNING  25% epoch 1 loss 4.5000 eta 30 s",
                "run 9 SUCCEEDED 100% epoch 4 loss 3.1000");
    }

    @Test
    void aSweepThatDidNotAllSucceedExitsWithFour() {
        platform.json("GET", "/api/v1/sweeps/7", 200, SWEEP_DTO.replace("\"QUEUED\": 3", "\"FAILED\": 3")
                .replace("\"finished_runs\": 1", "\"finished_runs\": 4").replace("\"progress\": 0.25", "\"progress\": 1.0"));

        assertThat(umbra("watch", "--sweep", "7")).isEqualTo(UmbraCli.NOT_SUCCEEDED);
        assertThat(out.toString()).contains("sweep 7 100% 4/4 done (failed 3, succeeded 1) eta 90 s");
    }

    @Test
    void artifactsAreDownloadedAndVerified() throws Exception {
        byte[] bytes = "encoder weights".getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        platform.json("GET", "/api/v1/runs/4/artifacts", 200, "[{\"id\": 31, \"run_id\": 4, \"kind\": \"encoder\","
                + " \"name\": \"encoder.safetensors\", \"sha256\": \"" + sha + "\", \"size_bytes\": " + bytes.length + "},"
                + " {\"id\": 32, \"run_id\": 4, \"kind\": \"checkpoint\", \"name\": \"c.ckpt\", \"sha256\": \"" + sha + "\", \"size_bytes\": 1}]")
                .answer("GET", "/api/v1/runs/4/artifacts/31/content", new FakePlatform.Answer(200, "application/octet-stream",
                        bytes, Map.of("X-Umbra-Sha256", sha)));

        assertThat(umbra("download", "4", "--kind", "encoder", "--out", home.toString())).isZero();

        assertThat(Files.readAllBytes(home.resolve("encoder/encoder.safetensors"))).isEqualTo(bytes);
        assertThat(out.toString()).contains("sha256 verified");
        assertThat(platform.requests).noneMatch(r -> r.uri().contains("/32/"));
    }

    @Test
    void anUnreachablePlatformAndABadFileAreReportedPlainly() {
        assertThat(umbra(Map.of("UMBRA_SERVER", "http://127.0.0.1:9"), "runs")).isEqualTo(UmbraCli.UNREACHABLE);
        assertThat(err.toString()).contains("error: cannot reach");
        assertThat(umbra("submit", home.resolve("missing.json").toString(), "-e", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("error: no such file");
    }

    private String write(String json) {
        try {
            Path file = Files.createTempFile(home, "doc", ".json");
            Files.writeString(file, json);
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

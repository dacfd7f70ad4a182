package dev.umbra.api.cli;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.api.PlayedRunner;
import dev.umbra.api.RunnerPlayer;
import dev.umbra.api.TestData;
import dev.umbra.cli.UmbraCli;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The umbra CLI, in-process, against the real platform: a YAML sweep in, a leaderboard and a comparison out. */
@QuarkusTest
class CliAgainstPlatformTest {

    @TempDir
    Path home;

    @Inject
    AgroalDataSource dataSource;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int umbra(String... args) {
        Map<String, String> environment = Map.of("UMBRA_SERVER", "http://localhost:" + RestAssured.port,
                "UMBRA_TOKEN", TestData.ADMIN_TOKEN);
        return UmbraCli.run(args, new PrintWriter(out), new PrintWriter(err), environment, home);
    }

    @Test
    void aYamlSweepGoesInAndTheLeaderboardAndComparisonComeOut() throws Exception {
        long experiment = TestData.experiment();
        Path sweep = home.resolve("sweep.yaml");
        Files.writeString(sweep, """
                name: cli sweep
                base:
                  dataset: fashion-mnist-sample
                  method: {name: simclr}
                  epochs: 5
                  max_steps_per_epoch: 2
                  batch_size: 32
                axes:
                  - path: method.params.temperature
                    values: [0.1, 0.5]
                seeds: [1, 2]
                """);

        assertThat(umbra("submit", sweep.toString(), "-e", String.valueOf(experiment))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("submitted: 4 runs (0 reused), 4 queued");
        long sweepId = Long.parseLong(out.toString().replaceAll("(?s).*sweep (\\d+) submitted.*", "$1"));

        List<Long> runs = given().get("/api/v1/sweeps/" + sweepId + "/runs").jsonPath().getList("items.run_id", Long.class);
        double[] probe = {0.70, 0.72, 0.80, 0.84};
        Map<Long, Map<String, Double>> results = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            results.put(runs.get(i), Map.of("linear-probe/top1", probe[i]));
        }
        new PlayedRunner().finish(results);

        out.getBuffer().setLength(0);
        assertThat(umbra("leaderboard", "-e", String.valueOf(experiment))).as(err.toString()).isZero();
        String board = out.toString();
        assertThat(board).contains("fashion-mnist-sample, convnet-s, 5 epochs: 2 configurations, ranked by linear-probe/top1 (linear-probe/v1)");
        List<String> rows = board.lines().filter(l -> l.contains("simclr")).toList();
        assertThat(rows).hasSize(2);
        // Two seeds each: 95 % intervals 0.82 ± 0.254 and 0.71 ± 0.127 overlap, so ranks 1 and 2 are within noise.
        assertThat(rows.get(0)).matches("\\s*1\\s+no\\s+simclr .*").contains("0.8200 ± 0.0283");
        assertThat(rows.get(1)).matches("\\s*2\\s+simclr .*").contains("0.7100 ± 0.0141");

        String low = given().get("/api/v1/runs/" + runs.get(0)).jsonPath().getString("config_hash");
        String high = given().get("/api/v1/runs/" + runs.get(2)).jsonPath().getString("config_hash");
        out.getBuffer().setLength(0);
        assertThat(umbra("compare", low, high)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("linear-probe/top1  linear-probe/v1").contains("+0.1100")
                .contains("method.params.temperature  0.1  0.5");

        out.getBuffer().setLength(0);
        assertThat(umbra("sweep", String.valueOf(sweepId))).isZero();
        assertThat(out.toString()).contains("4 runs, 0 reused, 100% done").contains("SUCCEEDED 4");

        assertThat(umbra("submit", sweep.toString(), "-e", "99999999")).isEqualTo(UmbraCli.REFUSED);
        assertThat(err.toString()).contains("error: 404 Not found: no experiment with id 99999999");
    }

    /**
     * Hand-computed: SimCLR's probe 0.80, 0.82, 0.84 is 0.82 +- 0.02, 95 % interval 0.82 +- 4.303 x 0.02 / sqrt 3 =
     * [0.7703, 0.8697], wholly above raw pixels' 0.70 (three identical seeds: std 0, zero-width interval).
     */
    @Test
    void aSweepIsReportedInEachFormatAndItsReproduceCommandRecreatesTheSameRuns() throws Exception {
        long experiment = TestData.experiment();
        Path sweep = home.resolve("suite.yaml");
        // A budget no other test uses (its succeeded runs would stand in for theirs: sweeps reuse them by
        // default) and no reuse itself, so the reproduction queues anew.
        Files.writeString(sweep, """
                name: report sweep
                base:
                  dataset: fashion-mnist-sample
                  method: {name: simclr}
                  epochs: 3
                  max_steps_per_epoch: 5
                  batch_size: 32
                axes:
                  - path: method.name
                    values: [simclr, raw-pixels]
                seeds: [1, 2, 3]
                reuse_succeeded: false
                """);
        assertThat(umbra("submit", sweep.toString(), "-e", String.valueOf(experiment))).as(err.toString()).isZero();
        long sweepId = Long.parseLong(out.toString().replaceAll("(?s).*sweep (\\d+) submitted.*", "$1"));
        List<Long> runs = given().get("/api/v1/sweeps/" + sweepId + "/runs").jsonPath().getList("items.run_id", Long.class);
        double[] probe = {0.80, 0.82, 0.84, 0.70, 0.70, 0.70};
        double[] fewLabels = {0.50, 0.52, 0.54, 0.40, 0.40, 0.40};
        Map<Long, Map<String, Double>> results = new HashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            results.put(runs.get(i), Map.of("linear-probe/top1", probe[i], "label-efficiency/top1@1%", fewLabels[i],
                    "label-efficiency/top1_std@1%", 0.01));
        }
        new PlayedRunner().finish(results);

        out.getBuffer().setLength(0);
        assertThat(umbra("report", "--sweep", String.valueOf(sweepId))).as(err.toString()).isZero();
        // The headline metrics only, unless asked for more: a per-run subset std is no column of a paper table.
        assertThat(out.toString()).doesNotContain("top1_std@1%");
        String md = out.toString();
        assertThat(md).contains("# Sweep " + sweepId + " 'report sweep'", "## fashion-mnist-sample, convnet-s, 3 epochs",
                "| rank | apart from next | method | config | n | linear-probe/top1 (linear-probe/v1)"
                        + " | label-efficiency/top1@1% (label-efficiency/v1) | beats raw pixels | train s |",
                "umbra submit sweep-" + sweepId + ".json -e " + experiment, "\"reuse_succeeded\" : false");
        // Its interval [0.7703, 0.8697] lies above raw pixels' exact 0.70 (and 0.4703 above 0.40).
        assertThat(md.lines().filter(l -> l.startsWith("| 1 | yes | simclr |"))).singleElement().asString()
                .contains("| 3 | 0.8200 ± 0.0200 [0.7703, 0.8697] | 0.5200 ± 0.0200 [0.4703, 0.5697] | yes / yes |");
        assertThat(md.lines().filter(l -> l.startsWith("| 2 | - | raw-pixels |"))).singleElement().asString()
                .contains("| 3 | 0.7000 ± 0.0000 [0.7000, 0.7000] | 0.4000 ± 0.0000 [0.4000, 0.4000] | reference |");

        out.getBuffer().setLength(0);
        assertThat(umbra("report", "--sweep", String.valueOf(sweepId), "--metrics", "all")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("| label-efficiency/top1@1% (label-efficiency/v1)"
                + " | label-efficiency/top1_std@1% (label-efficiency/v1) | beats raw pixels |");
        out.getBuffer().setLength(0);
        assertThat(umbra("report", "--sweep", String.valueOf(sweepId), "--metrics", "label-efficiency/top1_std@1%"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("| linear-probe/top1 (linear-probe/v1) | label-efficiency/top1_std@1%"
                + " (label-efficiency/v1) | beats raw pixels |").doesNotContain("label-efficiency/top1@1% (");

        out.getBuffer().setLength(0);
        assertThat(umbra("report", "--sweep", String.valueOf(sweepId), "--format", "latex")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\\begin{tabular}{rlllrrrlr}", "label-efficiency/top1@1\\% (label-efficiency/v1)",
                "1 & yes & simclr & ", "0.8200 $\\pm$ 0.0200 [0.7703, 0.8697]");

        out.getBuffer().setLength(0);
        Path csv = home.resolve("report.csv");
        assertThat(umbra("report", "--sweep", String.valueOf(sweepId), "--format", "csv", "-o", csv.toString()))
                .as(err.toString()).isZero();
        Path document = home.resolve("sweep-" + sweepId + ".json");
        assertThat(out.toString()).contains("wrote " + csv + " and " + document);
        assertThat(Files.readString(csv)).contains("\r\nfashion-mnist-sample,convnet-s,3,1,yes,simclr,")
                .contains(",3,0.8200,0.0200,3,0.7703,0.8697,0.5200,0.0200,3,0.4703,0.5697,");

        // The reproduce command, as the report words it: the same positions, the same run hashes, all queued anew.
        out.getBuffer().setLength(0);
        assertThat(umbra("submit", document.toString(), "-e", String.valueOf(experiment))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("submitted: 6 runs (0 reused), 6 queued");
        long again = Long.parseLong(out.toString().replaceAll("(?s).*sweep (\\d+) submitted.*", "$1"));
        assertThat(given().get("/api/v1/sweeps/" + again + "/runs").jsonPath().getList("items.run_hash", String.class))
                .isEqualTo(given().get("/api/v1/sweeps/" + sweepId + "/runs").jsonPath().getList("items.run_hash", String.class));
        assertThat(umbra("sweep", "cancel", String.valueOf(again))).as(err.toString()).isZero();
        given().get("/api/v1/sweeps/" + again).then().body("cancelled", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void theLeaderboardReportNamesEachConfigurationsRerunCommands() {
        long experiment = TestData.experiment();
        long run = TestData.run(experiment, TestData.spec("byol", 11));
        new PlayedRunner().finish(Map.of(run, Map.of("linear-probe/top1", 0.75)));

        assertThat(umbra("report", "-e", String.valueOf(experiment))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("# Leaderboard: experiment " + experiment)
                .contains("| 1 | - | byol |").contains("| 1 | 0.7500 |").doesNotContain("beats raw pixels |")
                .contains("umbra rerun " + run + "   # byol ");
    }

    @Test
    void aSuitesReportReproducesItWithItsMethods() {
        long experiment = TestData.experiment();
        long suite = given().contentType(io.restassured.http.ContentType.JSON)
                .body("{\"seeds\": [41], \"batch_size\": 64, \"methods\": [\"vicreg\", \"raw-pixels\"]}")
                .post("/api/v1/experiments/" + experiment + "/suites/benchmark").then().statusCode(201)
                .extract().jsonPath().getLong("id");

        assertThat(umbra("report", "--sweep", String.valueOf(suite))).as(err.toString()).isZero();

        assertThat(out.toString()).contains("umbra suite -e " + experiment + " --dataset " + TestData.SAMPLE
                + " --backbone convnet-s --epochs 4 --batch-size 64 --max-steps-per-epoch 20 --methods vicreg,raw-pixels --seeds 41");
        assertThat(umbra("sweep", "cancel", String.valueOf(suite))).as(err.toString()).isZero();
    }

    @Test
    void theRunnersAndTheLaunchedPodsAreListed() throws Exception {
        RunnerPlayer runner = RunnerPlayer.register();
        long run = TestData.run(TestData.experiment(), TestData.spec("simclr", 31));
        String job = "umbra-run-" + run + "-1";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO launched_pod (job_name, run_id, team_id, launch, phase, reason, launched_at, observed_at)
                VALUES (?, ?, ?, 1, 'PENDING', 'ImagePullBackOff: Back-off pulling image', now(), now())
                """)) {
            ps.setString(1, job);
            ps.setLong(2, run);
            ps.setLong(3, dev.umbra.api.Users.defaultTeam());
            ps.executeUpdate();
        }

        assertThat(umbra("runners")).as(err.toString()).isZero();

        String id = String.valueOf(runner.runnerId());
        assertThat(out.toString().lines().filter(l -> l.strip().startsWith(id + " ")).findFirst().orElseThrow()).contains("idle");
        assertThat(out.toString().lines().filter(l -> l.startsWith(job)).findFirst().orElseThrow())
                .contains(String.valueOf(run)).contains("pending").contains("ImagePullBackOff: Back-off pulling image");
        given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(200);
    }

    @Test
    void aDatasetWhoseFlipsChangeLabelsIsRegisteredSo() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "umbra-test-datasets",
                "team-" + dev.umbra.api.Users.defaultTeam(), "cli-digits-" + java.util.UUID.randomUUID()));
        Files.write(dir.resolve("train-images"), new byte[] {1, 2, 3});
        String name = dir.getFileName().toString();

        assertThat(umbra("datasets", "add", name, dir.toString(), "--format", "idx", "--classes", "10",
                "--channels", "1", "--height", "28", "--width", "28", "--hflip-changes-labels")).as(err.toString()).isZero();

        assertThat(given().get("/api/v1/datasets").jsonPath()
                .getBoolean("find { it.name == '" + name + "' }.hflip_preserves_labels")).isFalse();
        out.getBuffer().setLength(0);
        assertThat(umbra("datasets")).isZero();
        assertThat(out.toString().lines().filter(l -> l.contains(name)).findFirst().orElseThrow()).contains("changes label");
    }

    @Test
    void aDatasetDirectoryIsRegisteredWithTheChecksumRunnersVerify() throws Exception {
        // The default team's folder under the test profile's second dataset root (application.properties).
        Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "umbra-test-datasets",
                "team-" + dev.umbra.api.Users.defaultTeam(), "cli-" + java.util.UUID.randomUUID()));
        Files.write(dir.resolve("train-images"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("train-labels"), new byte[] {0, 1, 0});
        String name = dir.getFileName().toString();

        assertThat(umbra("datasets", "add", name, dir.toString(), "--format", "idx", "--classes", "2",
                "--channels", "1", "--height", "28", "--width", "28", "--train-count", "3")).as(err.toString()).isZero();
        String checksum = dev.umbra.client.dataset.DatasetManifest.of(dir).checksum();
        assertThat(out.toString()).contains("registered: " + name + " (2 files, 6 bytes, checksum " + checksum + ")");
        assertThat(given().get("/api/v1/datasets").jsonPath().getString("find { it.name == '" + name + "' }.checksum"))
                .isEqualTo(checksum);

        out.getBuffer().setLength(0);
        assertThat(umbra("datasets")).isZero();
        assertThat(out.toString()).contains(name).contains("1x28x28").contains(checksum.substring(0, 12));

        err.getBuffer().setLength(0);
        Files.writeString(home.resolve("data.bin"), "outside the roots");
        assertThat(umbra("datasets", "add", "elsewhere", home.toString(), "--format", "idx", "--classes", "2",
                "--channels", "1", "--height", "28", "--width", "28")).isNotZero();
        assertThat(err.toString()).contains("location").contains("team's dataset folder");
    }
}

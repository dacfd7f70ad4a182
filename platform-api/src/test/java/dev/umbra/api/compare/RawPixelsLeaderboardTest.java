package dev.umbra.api.compare;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.umbra.api.PlayedRunner;
import dev.umbra.api.TestData;
import dev.umbra.cli.UmbraCli;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leaderboard's verdict against raw pixels, on three seeds per method. Hand-computed 95 % intervals
 * (mean +- 4.303 x std / sqrt 3): raw pixels' probe 0.73, 0.74, 0.75 -> [0.7152, 0.7648], kNN 0.50,
 * 0.52, 0.54 -> [0.4703, 0.5697]; BYOL's probe 0.80, 0.81, 0.82 -> [0.7852, 0.8348] and kNN 0.70, 0.71,
 * 0.72: both wholly above; SimCLR's probe 0.71, 0.73, 0.75 -> [0.6803, 0.7797] overlaps, its kNN 0.40,
 * 0.41, 0.42 -> [0.3852, 0.4348] lies wholly below.
 */
@QuarkusTest
class RawPixelsLeaderboardTest {

    private static long experiment;

    @BeforeEach
    void finishedRuns() {
        if (experiment != 0) {
            return;
        }
        experiment = TestData.experiment();
        // Its own budget and no reuse, so that no other test's succeeded runs stand in for these.
        String sweep = "{\"base\": {\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 2,"
                + " \"max_steps_per_epoch\": 2, \"batch_size\": 32}, \"axes\": [{\"path\": \"method.name\","
                + " \"values\": [\"simclr\", \"byol\", \"raw-pixels\"]}], \"seeds\": [1, 2, 3], \"reuse_succeeded\": false}";
        long sweepId = given().contentType(ContentType.JSON).body(sweep).post("/api/v1/experiments/" + experiment + "/sweeps")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        List<Long> ids = given().get("/api/v1/sweeps/" + sweepId + "/runs").jsonPath().getList("items.run_id", Long.class);
        double[] probe = {0.71, 0.73, 0.75, 0.80, 0.81, 0.82, 0.73, 0.74, 0.75};
        double[] knn = {0.40, 0.41, 0.42, 0.70, 0.71, 0.72, 0.50, 0.52, 0.54};
        Map<Long, Map<String, Double>> results = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            results.put(ids.get(i), Map.of("linear-probe/top1", probe[i], "knn/top1", knn[i]));
        }
        new PlayedRunner().finish(results);
    }

    private static JsonPath leaderboard(String query) {
        String body = given().get("/api/v1/leaderboard?experiment_id=" + experiment + query).then().statusCode(200)
                .extract().asString();
        return new JsonPath(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @Test
    void eachRowSaysWhetherItsIntervalLiesAboveRawPixels() {
        JsonPath board = leaderboard("").setRootPath("boards[0]");

        assertThat(board.getList("rows.group.method")).containsExactly("byol", "raw-pixels", "simclr");
        assertThat(board.getString("raw_pixels")).isEqualTo(board.getString("rows[1].group.config_hash"));
        assertThat(board.getList("rows[1].beats_raw_pixels")).isEmpty();
        assertThat(board.getList("rows[0].beats_raw_pixels.metric")).containsExactly("knn/top1", "linear-probe/top1");
        assertThat(board.getList("rows[0].beats_raw_pixels.protocol")).containsExactly("knn/v1", "linear-probe/v1");
        assertThat(board.getList("rows[0].beats_raw_pixels.beats", Boolean.class)).containsExactly(true, true);
        assertThat(board.getDouble("rows[0].beats_raw_pixels[1].difference")).isCloseTo(0.07, within(1e-9));
        // SimCLR: below on kNN, undecided on the probe (a lower mean, overlapping intervals).
        assertThat(board.getList("rows[2].beats_raw_pixels.beats", Boolean.class)).containsExactly(false, null);
        assertThat(board.getDouble("rows[2].beats_raw_pixels[0].difference")).isCloseTo(-0.11, within(1e-9));
        assertThat(board.getDouble("rows[2].beats_raw_pixels[1].difference")).isCloseTo(-0.01, within(1e-9));
    }

    @Test
    void theReferenceCountsWhenItIsNotAmongTheRowsShown() {
        JsonPath board = leaderboard("&limit=1").setRootPath("boards[0]");

        assertThat(board.getList("rows.group.method")).containsExactly("byol");
        assertThat(board.getString("raw_pixels")).isNotNull();
        assertThat(board.getList("rows[0].beats_raw_pixels.beats", Boolean.class)).containsExactly(true, true);
    }

    @Test
    void rawPixelsThatRanOnceAreAnExactReference() {
        // An experiment of its own (the other tests read every board of theirs): BYOL with three seeds, raw pixels with one.
        long own = TestData.experiment();
        String base = "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"byol\"}, \"epochs\": 3,"
                + " \"max_steps_per_epoch\": 2, \"batch_size\": 32}";
        List<Long> byol = sweepRuns(own, "{\"base\": " + base + ", \"axes\": [{\"path\": \"method.name\", \"values\":"
                + " [\"byol\"]}], \"seeds\": [1, 2, 3], \"reuse_succeeded\": false}");
        List<Long> raw = sweepRuns(own, "{\"base\": " + base + ", \"axes\": [{\"path\": \"method.name\", \"values\":"
                + " [\"raw-pixels\"]}], \"seeds\": [1], \"reuse_succeeded\": false}");
        Map<Long, Map<String, Double>> results = new HashMap<>();
        double[] probe = {0.80, 0.81, 0.82};
        double[] knn = {0.50, 0.52, 0.54};
        for (int i = 0; i < 3; i++) {
            results.put(byol.get(i), Map.of("linear-probe/top1", probe[i], "knn/top1", knn[i]));
        }
        results.put(raw.get(0), Map.of("linear-probe/top1", 0.78, "knn/top1", 0.53));
        new PlayedRunner().finish(results);

        String body = given().get("/api/v1/leaderboard?experiment_id=" + own).then().statusCode(200).extract().asString();
        JsonPath board = new JsonPath(body).setRootPath("boards[0]");

        assertThat(board.getList("rows.group.method")).containsExactly("byol", "raw-pixels");
        // BYOL's probe interval [0.7852, 0.8348] lies above 0.78; its kNN interval [0.4703, 0.5697] holds 0.53.
        assertThat(board.getList("rows[0].beats_raw_pixels.beats", Boolean.class)).containsExactly(null, true);
    }

    private static List<Long> sweepRuns(long experimentId, String sweep) {
        long id = given().contentType(ContentType.JSON).body(sweep).post("/api/v1/experiments/" + experimentId + "/sweeps")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        return given().get("/api/v1/sweeps/" + id + "/runs").jsonPath().getList("items.run_id", Long.class);
    }

    @Test
    void aBoardWithoutRawPixelsHasNoVerdicts() {
        JsonPath board = leaderboard("&method=byol").setRootPath("boards[0]");

        assertThat(board.getString("raw_pixels")).isNull();
        assertThat(board.getList("rows[0].beats_raw_pixels")).isEmpty();
    }

    @Test
    void theCliPrintsTheVerdicts(@TempDir Path home) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = UmbraCli.run(new String[] {"leaderboard", "-e", String.valueOf(experiment)}, new PrintWriter(out),
                new PrintWriter(err), Map.of("UMBRA_SERVER", "http://localhost:" + RestAssured.port,
                        "UMBRA_TOKEN", TestData.ADMIN_TOKEN), home);

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("beats raw pixels");
        assertThat(out.toString().lines().filter(l -> l.contains("byol"))).singleElement().asString()
                .contains(" yes / yes "); // linear probe, then kNN: the columns' order
        assertThat(out.toString().lines().filter(l -> l.contains("simclr"))).singleElement().asString()
                .contains(" ? / no ");
    }
}

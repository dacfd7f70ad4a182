package dev.umbra.api.compare;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.umbra.api.PlayedRunner;
import dev.umbra.api.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Comparison on a small set of runs with known results: SimCLR and BYOL, seeds 1 to 3, finished
 * by a played runner. Hand-computed: SimCLR's linear probe 0.70, 0.74, 0.72 (mean 0.72, std 0.02,
 * 95 % interval +- 4.303 x 0.02 / sqrt 3 = 0.04969); BYOL's 0.75, 0.80, 0.79 (mean 0.78). Paired
 * by seed, BYOL - SimCLR = 0.05, 0.06, 0.07: mean 0.06, std 0.01, t = 0.06 / (0.01 / sqrt 3) =
 * 10.392 with 2 degrees of freedom, two-sided p = 1 - t / sqrt(2 + t^2) = 0.009133.
 */
@QuarkusTest
class ComparisonResourceTest {

    private static long experiment;
    private static Map<String, List<Long>> runsByMethod;

    @BeforeEach
    void finishedRuns() {
        if (experiment != 0) {
            return;
        }
        experiment = TestData.experiment();
        String sweep = "{\"base\": {\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 3,"
                + " \"max_steps_per_epoch\": 2, \"batch_size\": 32}, \"axes\": [{\"path\": \"method.name\","
                + " \"values\": [\"simclr\", \"byol\"]}], \"seeds\": [1, 2, 3]}";
        long sweepId = given().contentType(ContentType.JSON).body(sweep).post("/api/v1/experiments/" + experiment + "/sweeps")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        List<Long> ids = given().get("/api/v1/sweeps/" + sweepId + "/runs").jsonPath().getList("items.run_id", Long.class);
        double[] probe = {0.70, 0.74, 0.72, 0.75, 0.80, 0.79};
        double[] knn = {0.60, 0.61, 0.62, 0.70, 0.70, 0.70};
        Map<Long, Map<String, Double>> results = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            results.put(ids.get(i), Map.of("linear-probe/top1", probe[i], "knn/top1", knn[i]));
        }
        new PlayedRunner().finish(results);
        runsByMethod = Map.of("simclr", ids.subList(0, 3), "byol", ids.subList(3, 6));
    }

    /** The answer with numbers read as doubles (RestAssured reads floats by default). */
    private static JsonPath get(String url) {
        String body = given().get(url).then().statusCode(200).extract().asString();
        return new JsonPath(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static JsonPath group(String method) {
        JsonPath groups = get("/api/v1/groups?experiment_id=" + experiment + "&method=" + method);
        assertThat(groups.getList("")).hasSize(1);
        return groups.setRootPath("[0]");
    }

    @Test
    void aGroupSummarisesItsSeedsAsComputedByHand() {
        JsonPath simclr = group("simclr");

        assertThat(simclr.getInt("runs")).isEqualTo(3);
        assertThat(simclr.getList("seeds", Long.class)).containsExactly(1L, 2L, 3L);
        assertThat(simclr.getList("run_ids", Long.class)).containsExactlyElementsOf(runsByMethod.get("simclr"));
        assertThat(simclr.getInt("epochs")).isEqualTo(3);
        Map<String, Object> probe = simclr.getMap("metrics.find { it.metric == 'linear-probe/top1' }");
        assertThat(probe.get("protocol")).isEqualTo("linear-probe/v1");
        assertThat(probe.get("n")).isEqualTo(3);
        assertThat(((Number) probe.get("mean")).doubleValue()).isCloseTo(0.72, within(1e-9));
        assertThat(((Number) probe.get("std")).doubleValue()).isCloseTo(0.02, within(1e-9));
        assertThat(((Number) probe.get("min")).doubleValue()).isCloseTo(0.70, within(1e-9));
        assertThat(((Number) probe.get("max")).doubleValue()).isCloseTo(0.74, within(1e-9));
        assertThat(((Number) probe.get("ci95_low")).doubleValue()).isCloseTo(0.72 - 0.04969, within(1e-5));
        assertThat(((Number) probe.get("ci95_high")).doubleValue()).isCloseTo(0.72 + 0.04969, within(1e-5));
        assertThat(simclr.getDouble("train_seconds_mean")).isGreaterThanOrEqualTo(0);
        assertThat(simclr.getDouble("gpu_hours_mean")).isZero(); // a CPU run
    }

    @Test
    void theLeaderboardRanksConfigurationsAndNamesTheProtocol() {
        JsonPath board = get("/api/v1/leaderboard?experiment_id=" + experiment);

        assertThat(board.getString("ranked_by")).isEqualTo("linear-probe/top1");
        assertThat(board.getString("ranked_by_protocol")).isEqualTo("linear-probe/v1");
        assertThat(board.getList("boards")).hasSize(1);
        assertThat(board.getString("boards[0].dataset")).isEqualTo("fashion-mnist-sample");
        assertThat(board.getString("boards[0].backbone")).isEqualTo("convnet-s");
        assertThat(board.getInt("boards[0].epochs")).isEqualTo(3);
        assertThat(board.getInt("boards[0].configurations")).isEqualTo(2);
        assertThat(board.getList("boards[0].rows.group.method")).containsExactly("byol", "simclr");
        assertThat(board.getList("boards[0].rows.rank", Integer.class)).containsExactly(1, 2);
        assertThat(board.getList("boards[0].rows[0].group.metrics.protocol")).containsExactly("knn/v1", "linear-probe/v1");
        // BYOL's 95 % interval [0.714, 0.846] overlaps SimCLR's [0.670, 0.770]: ranks 1 and 2 are within noise.
        assertThat(board.getList("boards[0].rows.apart_from_next")).containsExactly(false, null);

        JsonPath byKnn = given().get("/api/v1/leaderboard?experiment_id=" + experiment + "&metric=knn/top1&limit=1").jsonPath();
        assertThat(byKnn.getString("ranked_by_protocol")).isEqualTo("knn/v1");
        assertThat(byKnn.getList("boards[0].rows.group.method")).containsExactly("byol");
        assertThat(byKnn.getInt("boards[0].configurations")).isEqualTo(2);
        assertThat(byKnn.getList("boards[0].rows.apart_from_next")).containsExactly((Object) null); // no row follows
        // On kNN, BYOL's three equal seeds (an interval of width 0 at 0.70) lie above SimCLR's [0.585, 0.635].
        assertThat(given().get("/api/v1/leaderboard?experiment_id=" + experiment + "&metric=knn/top1").jsonPath()
                .getList("boards[0].rows.apart_from_next")).containsExactly(true, null);
    }

    @Test
    void twoConfigurationsArePairedBySeed() {
        String simclr = group("simclr").getString("config_hash");
        String byol = group("byol").getString("config_hash");

        JsonPath compared = get("/api/v1/compare?a=" + simclr + "&b=" + byol);

        Map<String, Object> probe = compared.getMap("metrics.find { it.metric == 'linear-probe/top1' }");
        assertThat(((Number) probe.get("difference")).doubleValue()).isCloseTo(0.06, within(1e-9));
        JsonPath paired = get("/api/v1/compare?a=" + simclr + "&b=" + byol)
                .setRootPath("metrics.find { it.metric == 'linear-probe/top1' }.paired");
        assertThat(paired.getList("seeds", Long.class)).containsExactly(1L, 2L, 3L);
        assertThat(paired.getInt("df")).isEqualTo(2);
        assertThat(paired.getDouble("mean_difference")).isCloseTo(0.06, within(1e-9));
        assertThat(paired.getDouble("std_difference")).isCloseTo(0.01, within(1e-9));
        assertThat(paired.getDouble("t")).isCloseTo(10.3923, within(1e-4));
        assertThat(paired.getDouble("p_value")).isCloseTo(0.009133, within(1e-6));
        assertThat(compared.getList("spec_diff.path")).contains("method.name").doesNotContain("seed", "epochs");
        assertThat(compared.getString("spec_diff.find { it.path == 'method.name' }.a")).isEqualTo("simclr");
    }

    @Test
    void accuracyStandsBesideCompute() {
        JsonPath compute = get("/api/v1/compute?experiment_id=" + experiment);

        assertThat(compute.getString("protocol")).isEqualTo("linear-probe/v1");
        assertThat(compute.getList("points")).hasSize(2);
        assertThat(compute.getList("points.method")).containsExactlyInAnyOrder("simclr", "byol");
        assertThat(compute.getList("points.train_seconds_mean", Double.class)).allSatisfy(s -> assertThat(s).isNotNegative());
        assertThat(compute.getList("points.gpu_hours_mean", Double.class)).containsOnly(0.0);
        // BYOL is more accurate; it is on the front whatever its time
        assertThat(compute.getBoolean("points.find { it.method == 'byol' }.pareto")).isTrue();
    }

    @Test
    void twoRunsOfOneConfigurationDifferOnlyInTheirSeed() {
        List<Long> simclr = runsByMethod.get("simclr");

        JsonPath diff = given().get("/api/v1/runs/" + simclr.get(0) + "/spec-diff?other=" + simclr.get(1))
                .then().statusCode(200).extract().jsonPath();

        assertThat(diff.getList("path")).containsExactly("seed");
        assertThat(diff.getInt("[0].a")).isEqualTo(1);
        assertThat(diff.getInt("[0].b")).isEqualTo(2);
    }

    @Test
    void badComparisonsAreRefused() {
        given().get("/api/v1/compare?a=xyz").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("a", "b"));
        given().get("/api/v1/compare?a=" + "0".repeat(64) + "&b=" + "1".repeat(64)).then().statusCode(404);
        given().get("/api/v1/leaderboard?epochs=zero&backbone=vit&experiment_id=-1").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("experiment_id", "epochs", "backbone"));
        given().get("/api/v1/leaderboard?metric=fid/score").then().statusCode(400).body("errors[0].field",
                org.hamcrest.Matchers.equalTo("protocol"));
        given().get("/api/v1/runs/" + runsByMethod.get("byol").get(0) + "/spec-diff").then().statusCode(400);
    }
}

package dev.umbra.api.sweep;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.api.PlayedRunner;
import dev.umbra.api.TestData;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
class SweepResourceTest {

    private static final String BASE = "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"},"
            + " \"epochs\": 2, \"max_steps_per_epoch\": 2, \"batch_size\": 32}";
    private static final String TEMPERATURES = "{\"name\": \"temperature\", \"base\": " + BASE + ", \"axes\": "
            + "[{\"path\": \"method.params.temperature\", \"values\": [0.1, 0.5]}], \"seeds\": [1, 2]%s}";

    @Inject
    AgroalDataSource dataSource;

    private static JsonPath submit(long experiment, String sweep) {
        return given().contentType(ContentType.JSON).body(sweep).post("/api/v1/experiments/" + experiment + "/sweeps")
                .then().statusCode(201).extract().jsonPath();
    }

    private static JsonPath runs(long sweep) {
        return given().get("/api/v1/sweeps/" + sweep + "/runs?limit=500").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aSweepExpandsToQueuedRunsAndTheSameSweepToTheSameHashes() {
        long experiment = TestData.experiment();

        JsonPath first = submit(experiment, String.format(TEMPERATURES, ""));

        assertThat(first.getString("name")).isEqualTo("temperature");
        assertThat(first.getString("kind")).isEqualTo("sweep");
        assertThat(first.getInt("total_runs")).isEqualTo(4);
        assertThat(first.getInt("runs_by_state.QUEUED")).isEqualTo(4);
        assertThat(first.getFloat("progress")).isZero();
        JsonPath positions = runs(first.getLong("id"));
        assertThat(positions.getList("items.position", Integer.class)).containsExactly(0, 1, 2, 3);
        assertThat(positions.getList("items.seed", Long.class)).containsExactly(1L, 2L, 1L, 2L);
        assertThat(positions.getFloat("items[2].params.'method.params.temperature'")).isEqualTo(0.5f);
        assertThat(positions.getList("items.reused", Boolean.class)).containsOnly(false);
        long run = positions.getLong("items[3].run_id");
        JsonPath stored = given().get("/api/v1/runs/" + run).jsonPath();
        assertThat(stored.getFloat("resolved_spec.method.params.temperature")).isEqualTo(0.5f);
        assertThat(stored.getLong("seed")).isEqualTo(2);
        assertThat(stored.getString("status")).isEqualTo("QUEUED");

        JsonPath second = submit(TestData.experiment(), String.format(TEMPERATURES, ""));
        assertThat(runs(second.getLong("id")).getList("items.run_hash"))
                .isEqualTo(positions.getList("items.run_hash")).doesNotHaveDuplicates();
        cancel(first.getLong("id"));
        cancel(second.getLong("id"));
    }

    /** Sweeps build their rows from the expander's work; they must be the rows a single submission makes. */
    @Test
    void aSweepRunIsTheRunASingleSubmissionOfItsSpecMakes() throws Exception {
        long experiment = TestData.experiment();
        String base = BASE.replace("\"epochs\": 2", "\"epochs\": 2, \"priority\": -3,"
                + " \"resources\": {\"gpus\": 1, \"gpu_memory_gb\": 16, \"labels\": [\"a100\"]}");
        JsonPath sweep = submit(experiment, "{\"base\": " + base + ", \"axes\": [{\"path\": \"optimizer.lr\", \"values\": [0.05]}],"
                + " \"seeds\": [9]}");
        long swept = runs(sweep.getLong("id")).getLong("items[0].run_id");
        String stored = given().get("/api/v1/runs/" + swept).then().statusCode(200).extract().asString();
        String spec = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stored).get("spec").toString();
        long single = given().contentType(ContentType.JSON).body(spec)
                .post("/api/v1/experiments/" + experiment + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");

        String columns = "team_id, dataset_id, spec, run_resolved_spec(resolved_spec_id, seed)::text AS resolved_spec, epochs, method, backbone, seed, config_hash, run_hash, priority,"
                + " requested_gpus, requested_gpu_memory_gb, requested_labels, status, attempt, max_attempts";
        assertThat(row(columns, swept)).isEqualTo(row(columns, single)).contains("requested_labels={a100}", "priority=-3");
        cancel(sweep.getLong("id"));
        given().post("/api/v1/runs/" + single + "/cancel");
    }

    @Test
    void theSeedsOfAConfigurationShareOneStoredResolvedSpecThatGoesWithItsLastRun() throws Exception {
        JsonPath sweep = submit(TestData.experiment(), "{\"base\": " + BASE + ", \"seeds\": [4, 5]}");
        List<Long> runs = runs(sweep.getLong("id")).getList("items.run_id", Long.class);
        long text = number("SELECT resolved_spec_id FROM run WHERE id = " + runs.get(0));
        assertThat(number("SELECT resolved_spec_id FROM run WHERE id = " + runs.get(1))).isEqualTo(text);
        for (int i = 0; i < 2; i++) {
            JsonPath run = given().get("/api/v1/runs/" + runs.get(i)).then().statusCode(200).extract().jsonPath();
            assertThat(run.getLong("resolved_spec.seed")).isEqualTo(4 + i);
            assertThat(run.getInt("resolved_spec.epochs")).isEqualTo(2);
        }
        cancel(sweep.getLong("id"));
        String stored = "SELECT count(*) FROM resolved_spec WHERE id = " + text;

        given().delete("/api/v1/runs/" + runs.get(0)).then().statusCode(204);
        assertThat(number(stored)).isEqualTo(1);
        assertThat(given().get("/api/v1/runs/" + runs.get(1)).then().statusCode(200).extract().jsonPath()
                .getLong("resolved_spec.seed")).isEqualTo(5);
        given().delete("/api/v1/runs/" + runs.get(1)).then().statusCode(204);
        assertThat(number(stored)).isZero();
    }

    private long number(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> row(String columns, long run) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + columns + " FROM run WHERE id = " + run)) {
            List<String> values = new java.util.ArrayList<>();
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getMetaData().getColumnName(i) + "=" + rs.getString(i));
                }
            }
            return values;
        }
    }

    @Test
    void aRunHashThatSucceededIsReusedUnlessTheSweepOptsOut() {
        long experiment = TestData.experiment();
        String sweep = String.format(TEMPERATURES, "").replace("[1, 2]", "[11]");
        JsonPath original = runs(submit(experiment, sweep).getLong("id"));
        List<Long> trained = original.getList("items.run_id", Long.class);
        Map<Long, Map<String, Double>> results = new LinkedHashMap<>();
        trained.forEach(id -> results.put(id, Map.of("knn/top1", 0.6)));
        new PlayedRunner().finish(results);

        JsonPath again = submit(experiment, sweep);
        assertThat(again.getInt("reused_runs")).isEqualTo(2);
        assertThat(again.getInt("runs_by_state.SUCCEEDED")).isEqualTo(2);
        assertThat(again.getFloat("progress")).isEqualTo(1.0f);
        assertThat(again.getString("eta_seconds")).isNull();
        JsonPath reused = runs(again.getLong("id"));
        assertThat(reused.getList("items.run_id", Long.class)).isEqualTo(trained);
        assertThat(reused.getList("items.reused", Boolean.class)).containsOnly(true);
        assertThat(reused.getFloat("items[0].results.'knn/top1'")).isEqualTo(0.6f);

        JsonPath retrained = submit(experiment, sweep.replace("\"seeds\"", "\"reuse_succeeded\": false, \"seeds\""));
        assertThat(retrained.getInt("reused_runs")).isZero();
        assertThat(retrained.getInt("runs_by_state.QUEUED")).isEqualTo(2);
        assertThat(runs(retrained.getLong("id")).getList("items.run_id", Long.class)).doesNotContainAnyElementsOf(trained);
        cancel(retrained.getLong("id"));
    }

    @Test
    void seedsAddedLaterFollowTheRunsAndACancelledSweepTakesNoMore() {
        long sweep = submit(TestData.experiment(), String.format(TEMPERATURES, "").replace("[1, 2]", "[1]")).getLong("id");

        JsonPath grown = given().contentType(ContentType.JSON).body("{\"seeds\": [2, 3]}").post("/api/v1/sweeps/" + sweep + "/seeds")
                .then().statusCode(200).extract().jsonPath();

        assertThat(grown.getInt("total_runs")).isEqualTo(6);
        assertThat(grown.getList("spec.seeds", Long.class)).containsExactly(1L, 2L, 3L);
        JsonPath positions = runs(sweep);
        assertThat(positions.getList("items.seed", Long.class)).containsExactly(1L, 1L, 2L, 3L, 2L, 3L);
        assertThat(positions.getString("items[4].config_hash")).isEqualTo(positions.getString("items[1].config_hash"));
        given().contentType(ContentType.JSON).body("{\"seeds\": [3, 4]}").post("/api/v1/sweeps/" + sweep + "/seeds")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("seeds[0]"));
        // paging by position
        JsonPath page = given().get("/api/v1/sweeps/" + sweep + "/runs?limit=4").jsonPath();
        assertThat(page.getList("items.position", Integer.class)).containsExactly(0, 1, 2, 3);
        JsonPath rest = given().get("/api/v1/sweeps/" + sweep + "/runs?limit=4&cursor=" + page.getString("next_cursor")).jsonPath();
        assertThat(rest.getList("items.position", Integer.class)).containsExactly(4, 5);
        assertThat(rest.getString("next_cursor")).isNull();

        JsonPath cancelled = cancel(sweep);
        assertThat(cancelled.getBoolean("cancelled")).isTrue();
        assertThat(cancelled.getInt("runs_by_state.CANCELLED")).isEqualTo(6);
        assertThat(cancelled.getFloat("progress")).isEqualTo(1.0f);
        given().contentType(ContentType.JSON).body("{\"seeds\": [9]}").post("/api/v1/sweeps/" + sweep + "/seeds")
                .then().statusCode(409).body("type", org.hamcrest.Matchers.equalTo("urn:umbra:problem:sweep-cancelled"));
    }

    @Test
    void theBenchmarkSuiteRunsEveryMethodWithTheQuickStartBudget() {
        JsonPath offer = given().get("/api/v1/suites/benchmark").then().statusCode(200).extract().jsonPath();
        assertThat(offer.getString("dataset")).isEqualTo("fashion-mnist-sample");
        assertThat(offer.getList("methods")).hasSize(13).contains("simclr", "random-init", "raw-pixels", "supervised");
        assertThat(offer.getList("seeds", Long.class)).containsExactly(1L, 2L, 3L);
        assertThat(offer.getInt("runs")).isEqualTo(39);
        assertThat(offer.getInt("max_steps_per_epoch")).isEqualTo(20);

        JsonPath suite = given().contentType(ContentType.JSON).body("{\"seeds\": [5]}")
                .post("/api/v1/experiments/" + TestData.experiment() + "/suites/benchmark").then().statusCode(201)
                .extract().jsonPath();

        assertThat(suite.getString("kind")).isEqualTo("benchmark-suite");
        assertThat(suite.getInt("total_runs")).isEqualTo(13);
        JsonPath positions = runs(suite.getLong("id"));
        assertThat(positions.getList("items.params.'method.name'")).hasSize(13).doesNotHaveDuplicates();
        JsonPath run = given().get("/api/v1/runs/" + positions.getLong("items[0].run_id")).jsonPath();
        assertThat(run.getInt("resolved_spec.epochs")).isEqualTo(4);
        assertThat(run.getInt("resolved_spec.max_steps_per_epoch")).isEqualTo(20);
        assertThat(run.getInt("resolved_spec.batch_size")).isEqualTo(256);
        assertThat(run.getList("resolved_spec.evaluation.protocols"))
                .containsExactly("knn/v1", "linear-probe/v1", "label-efficiency/v1");
        cancel(suite.getLong("id"));

        // no body at all: every default
        JsonPath defaults = given().post("/api/v1/experiments/" + TestData.experiment() + "/suites/benchmark")
                .then().statusCode(201).extract().jsonPath();
        assertThat(defaults.getInt("total_runs")).isEqualTo(39);
        cancel(defaults.getLong("id"));
    }

    @Test
    void aSuiteOfSomeMethodsRunsThoseOnlyAndRefusesUnknownOrRepeatedNames() {
        JsonPath suite = given().contentType(ContentType.JSON)
                .body("{\"seeds\": [5, 6], \"methods\": [\"vicreg\", \"raw-pixels\"]}")
                .post("/api/v1/experiments/" + TestData.experiment() + "/suites/benchmark").then().statusCode(201)
                .extract().jsonPath();
        assertThat(suite.getInt("total_runs")).isEqualTo(4);
        assertThat(runs(suite.getLong("id")).getList("items.params.'method.name'", String.class))
                .containsExactlyInAnyOrder("vicreg", "vicreg", "raw-pixels", "raw-pixels");
        cancel(suite.getLong("id"));

        given().contentType(ContentType.JSON).body("{\"methods\": [\"simclr\", \"simclear\", \"simclr\"]}")
                .post("/api/v1/experiments/" + TestData.experiment() + "/suites/benchmark").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("methods[1]", "methods[2]"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("unknown method simclear"));
        given().contentType(ContentType.JSON).body("{\"methods\": []}")
                .post("/api/v1/experiments/" + TestData.experiment() + "/suites/benchmark").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("methods"));
    }

    static Stream<Arguments> badSweeps() {
        String grid = "{\"base\": " + BASE + ", \"axes\": [%s], \"seeds\": [1]}";
        String manyValues = IntStream.range(0, 1000).mapToObj(i -> String.valueOf(1 + i)).collect(Collectors.joining(", "));
        String manySeeds = IntStream.range(0, 11).mapToObj(String::valueOf).collect(Collectors.joining(", "));
        return Stream.of(
                Arguments.of("unknown axis path", String.format(grid, "{\"path\": \"optimizer.learning_rate\", \"values\": [0.1]}"),
                        List.of("axes[0].path")),
                Arguments.of("empty grid", String.format(grid, "{\"path\": \"optimizer.lr\", \"values\": []}"),
                        List.of("axes[0].values")),
                Arguments.of("too many runs", "{\"base\": " + BASE + ", \"axes\": [{\"path\": \"epochs\", \"values\": ["
                        + manyValues + "]}], \"seeds\": [" + manySeeds + "]}", List.of("(body)")),
                Arguments.of("invalid expanded specs", String.format(grid, "{\"path\": \"optimizer.lr\", \"values\": [0.1, 500]},"
                        + "{\"path\": \"batch_size\", \"values\": [1, 64]}"), List.of("axes[0].values[1]", "axes[1].values[0]")),
                Arguments.of("bad base and unknown dataset", "{\"base\": {\"dataset\": \"imagenet\", \"method\": {\"name\": \"simclr\"}},"
                        + " \"seeds\": [1]}", List.of("base.epochs", "base.dataset")),
                Arguments.of("no seeds and a bad name", "{\"name\": \"a\\u0001b\", \"base\": " + BASE + "}", List.of("seeds", "name")),
                Arguments.of("not an object", "[1]", List.of("(body)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSweeps")
    void badSweepsAreRefusedWithEveryBadFieldAndCreateNothing(String name, String sweep, List<String> fields) throws Exception {
        long experiment = TestData.experiment();
        Map<String, Long> before = counts();

        Response response = given().contentType(ContentType.JSON).body(sweep).post("/api/v1/experiments/" + experiment + "/sweeps");

        assertThat(response.statusCode()).as(name).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getList("errors.field", String.class)).as(name).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(counts()).as("nothing created").isEqualTo(before);
    }

    @Test
    void unknownSweepsAreNotFound() {
        given().get("/api/v1/sweeps/9999999").then().statusCode(404);
        given().post("/api/v1/sweeps/9999999/cancel").then().statusCode(404);
        given().get("/api/v1/sweeps/9999999/runs").then().statusCode(404);
        given().contentType(ContentType.JSON).body(String.format(TEMPERATURES, "")).post("/api/v1/experiments/9999999/sweeps")
                .then().statusCode(404);
    }

    private static JsonPath cancel(long sweep) {
        return given().post("/api/v1/sweeps/" + sweep + "/cancel").then().statusCode(200).extract().jsonPath();
    }

    private Map<String, Long> counts() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("sweep", "sweep_run", "run")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}

package dev.umbra.api.overview;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.umbra.api.RunnerPlayer;
import dev.umbra.api.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RunOverviewResourceTest {

    private static String simclr(long seed, double temperature) {
        return "{\"dataset\": \"" + TestData.SAMPLE + "\", \"method\": {\"name\": \"simclr\", \"params\": {\"temperature\": "
                + temperature + "}}, \"epochs\": 2, \"seed\": " + seed + "}";
    }

    @Test
    void anExperimentsOverviewHasKeyAndVaryingHyperparametersLatestMetricsAndLastEpochResults() {
        long experiment = TestData.experiment();
        long first = TestData.run(experiment, simclr(1, 0.2));
        long second = TestData.run(experiment, simclr(2, 0.5));
        long byol = TestData.run(experiment, TestData.spec("byol", 1));
        RunnerPlayer runner = RunnerPlayer.register();
        int attempt = runner.claim(first);
        runner.heartbeat(first, attempt, "\"progress\": {\"epoch\": 2, \"fraction\": 1.0}, \"metrics\": ["
                + "{\"key\": \"train/loss\", \"step\": 1, \"value\": 5.0}, {\"key\": \"train/loss\", \"step\": 2, \"value\": 4.5}]");
        runner.results(first, attempt, "[" + RunnerPlayer.result("linear-probe/v1", "linear-probe/top1", 1, 0.60) + ", "
                + RunnerPlayer.result("linear-probe/v1", "linear-probe/top1", 2, 0.72) + "]");
        runner.complete(first, attempt, "SUCCEEDED");

        JsonPath overview = given().get("/api/v1/experiments/" + experiment + "/overview").then().statusCode(200)
                .extract().jsonPath();

        assertThat(overview.getList("runs.id", Long.class)).containsExactly(byol, second, first);
        assertThat(overview.getBoolean("truncated")).isFalse();
        List<String> paths = overview.getList("hyperparameters", String.class);
        assertThat(paths).startsWith("epochs", "batch_size", "optimizer.name", "optimizer.lr", "augmentation.recipe")
                .contains("method.params.temperature")
                // differences between methods only (their defaults, or what only one method's runs set) are no column
                .doesNotContain("seed", "method.params.proj_hidden_dim", "max_steps_per_epoch", "dataset");
        Map<String, Object> done = overview.getMap("runs.find { it.id == " + first + " }");
        assertThat(done).containsEntry("status", "SUCCEEDED").containsEntry("method", "simclr");
        assertThat(overview.getFloat("runs.find { it.id == " + first + " }.latest.'train/loss'")).isEqualTo(4.5f);
        assertThat(overview.getFloat("runs.find { it.id == " + first + " }.hyperparameters.'method.params.temperature'"))
                .isEqualTo(0.2f);
        assertThat(overview.getList("runs.find { it.id == " + first + " }.results.value", Float.class)).containsExactly(0.72f);
        assertThat(overview.getInt("runs.find { it.id == " + first + " }.results[0].epoch")).isEqualTo(2);
        assertThat(overview.getInt("runs.find { it.id == " + first + " }.progress.epoch")).isEqualTo(2);
        assertThat(overview.getMap("runs.find { it.id == " + byol + " }.hyperparameters"))
                .doesNotContainKey("method.params.temperature").containsKey("optimizer.lr");
        given().post("/api/v1/runs/" + second + "/cancel").then().statusCode(200);
        given().post("/api/v1/runs/" + byol + "/cancel").then().statusCode(200);
    }

    @Test
    void chosenRunsAndTheirSeriesComeInOneRequestEach() {
        long experiment = TestData.experiment();
        long a = TestData.run(experiment, TestData.spec("vicreg", 1));
        long b = TestData.run(experiment, TestData.spec("vicreg", 2));
        given().contentType("application/json").body("{\"points\": [{\"key\": \"knn/top1\", \"step\": 1, \"value\": 0.3},"
                + " {\"key\": \"knn/top1\", \"step\": 2, \"value\": 0.4}, {\"key\": \"train/loss\", \"step\": 1, \"value\": 9}]}")
                .post("/api/v1/runs/" + a + "/metrics").then().statusCode(200);

        given().get("/api/v1/runs/overview?ids=" + a + "," + b).then().statusCode(200)
                .body("runs.id", equalTo(List.of((int) b, (int) a))).body("runs[0]", not(hasKey("resolved_spec")));
        given().get("/api/v1/runs/overview?ids=" + a + "&specs=true").then().statusCode(200)
                .body("runs[0].resolved_spec.method.name", equalTo("vicreg")).body("runs[0].resolved_spec.seed", equalTo(1));
        JsonPath series = given().get("/api/v1/runs/series?ids=" + a + "," + b + "&keys=knn/top1").then().statusCode(200)
                .extract().jsonPath();
        assertThat(series.getList("run_id", Long.class)).containsExactly(a, b);
        assertThat(series.getList("[0].series.key", String.class)).containsExactly("knn/top1");
        assertThat(series.getList("[0].series[0].values", Float.class)).containsExactly(0.3f, 0.4f);
        assertThat(series.getList("[1].series", Object.class)).isEmpty();
        given().post("/api/v1/runs/" + a + "/cancel").then().statusCode(200);
        given().post("/api/v1/runs/" + b + "/cancel").then().statusCode(200);
    }

    @Test
    void badIdsAndKeysAreRefusedNamingTheParameter() {
        given().get("/api/v1/runs/overview?ids=1,x").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("ids"));
        given().get("/api/v1/runs/overview").then().statusCode(400).body("errors[0].field", equalTo("ids"));
        given().get("/api/v1/runs/overview?ids=999999999").then().statusCode(404).contentType("application/problem+json");
        long run = TestData.run(TestData.experiment(), TestData.spec("dae", 1));
        given().get("/api/v1/runs/series?ids=" + run).then().statusCode(400).body("errors[0].field", equalTo("keys"));
        given().get("/api/v1/runs/series?ids=" + run + "&keys=a&max_points=2").then().statusCode(400)
                .body("errors[0].field", equalTo("max_points"));
        given().get("/api/v1/experiments/999999999/overview").then().statusCode(404);
        given().get("/api/v1/experiments/1/overview?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().get("/api/v1/runs/" + run).then().statusCode(200).body("id", equalTo((int) run));
        given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(200);
    }
}

package dev.umbra.api.reproducibility;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import dev.umbra.api.PlayedRunner;
import dev.umbra.api.TestData;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReproducibilityResourceTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRerunHasTheSameHashesAndTheReportLinesUpTheirNumbers() {
        long experiment = TestData.experiment();
        long original = TestData.run(experiment, TestData.spec("vicreg", 21));
        PlayedRunner runner = new PlayedRunner();
        runner.finish(Map.of(original, Map.of("knn/top1", 0.65, "linear-probe/top1", 0.7)));

        JsonPath rerun = given().post("/api/v1/runs/" + original + "/rerun").then().statusCode(201).extract().jsonPath();
        JsonPath first = given().get("/api/v1/runs/" + original).jsonPath();

        assertThat(rerun.getLong("id")).isNotEqualTo(original);
        assertThat(rerun.getString("status")).isEqualTo("QUEUED");
        assertThat(rerun.getLong("experiment_id")).isEqualTo(experiment);
        assertThat(rerun.getString("run_hash")).isEqualTo(first.getString("run_hash"));
        assertThat(rerun.getString("config_hash")).isEqualTo(first.getString("config_hash"));
        assertThat(rerun.getMap("resolved_spec")).isEqualTo(first.getMap("resolved_spec"));

        runner.finish(Map.of(rerun.getLong("id"), Map.of("knn/top1", 0.65, "linear-probe/top1", 0.7)));
        JsonPath same = given().get("/api/v1/runs/" + rerun.getLong("id") + "/reproducibility").then().statusCode(200)
                .extract().jsonPath();
        assertThat(same.getList("runs.run_id", Long.class)).containsExactly(original, rerun.getLong("id"));
        assertThat(same.getBoolean("identical")).isTrue();
        assertThat(same.getList("metrics.metric")).containsExactly("knn/top1", "linear-probe/top1", "train/loss");
        assertThat(same.getList("metrics.protocol")).containsExactly("knn/v1", "linear-probe/v1", null);
        assertThat(same.getString("runs[0].environment.device")).isEqualTo("cpu()");

        long third = given().post("/api/v1/runs/" + original + "/rerun").then().statusCode(201).extract().jsonPath().getLong("id");
        runner.finish(Map.of(third, Map.of("knn/top1", 0.64, "linear-probe/top1", 0.7)));
        JsonPath differs = given().get("/api/v1/runs/" + original + "/reproducibility").jsonPath();
        assertThat(differs.getBoolean("identical")).isFalse();
        assertThat(differs.getList("metrics[0].values", Float.class)).containsExactly(0.65f, 0.65f, 0.64f);
        assertThat(differs.getDouble("metrics[0].max_abs_difference")).isCloseTo(0.01, within(1e-9));
        assertThat(differs.getBoolean("metrics[0].identical")).isFalse();
        assertThat(differs.getBoolean("metrics[1].identical")).isTrue();
    }

    /** The dataset now has other bytes (as if registered again): a rerun would not be the same run, and none is written. */
    @Test
    void aRerunWhoseDatasetChangedIsRefusedAndWritesNothing() throws Exception {
        long experiment = TestData.experiment();
        long original = TestData.run(experiment, TestData.spec("vicreg", 22));
        long dataset = Long.parseLong(query("SELECT dataset_id FROM run WHERE id = " + original));
        String checksum = query("SELECT checksum FROM dataset WHERE id = " + dataset);
        try {
            execute("UPDATE dataset SET checksum = '" + "0".repeat(64) + "' WHERE id = " + dataset);
            given().post("/api/v1/runs/" + original + "/rerun").then().statusCode(409)
                    .contentType("application/problem+json").body("type", equalTo("urn:umbra:problem:not-reproducible"));
        } finally {
            execute("UPDATE dataset SET checksum = '" + checksum + "' WHERE id = " + dataset);
        }
        assertThat(given().get("/api/v1/experiments/" + experiment + "/runs").jsonPath().getList("items.id", Long.class))
                .as("no run written").containsExactly(original);
    }

    private String query(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    @Test
    void unknownRunsAreNotFound() {
        given().post("/api/v1/runs/9999999/rerun").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/runs/9999999/reproducibility").then().statusCode(404);
    }
}

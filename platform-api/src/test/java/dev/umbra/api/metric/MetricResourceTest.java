package dev.umbra.api.metric;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.umbra.api.TestData;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricResourceTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRepeatedBatchOverwritesInsteadOfDuplicating() {
        long run = TestData.run(TestData.experiment(), TestData.spec("simclr", 0));
        String batch = "{\"points\": [{\"key\": \"train/loss\", \"step\": 1, \"value\": 2.5},"
                + " {\"key\": \"train/loss\", \"step\": 2, \"value\": 2.0},"
                + " {\"key\": \"knn/top1\", \"step\": 1, \"value\": 0.41}]}";

        post(run, batch).then().statusCode(200).body("stored", equalTo(3));
        post(run, batch).then().statusCode(200);
        post(run, "{\"points\": [{\"key\": \"train/loss\", \"step\": 2, \"value\": 1.5}]}").then().statusCode(200);

        JsonPath series = given().queryParam("keys", "train/loss,knn/top1").get("/api/v1/runs/" + run + "/metrics")
                .then().statusCode(200).extract().jsonPath();
        assertThat(series.getList("key")).containsExactly("knn/top1", "train/loss");
        assertThat(series.getList("find { it.key == 'train/loss' }.steps", Long.class)).containsExactly(1L, 2L);
        assertThat(series.getList("find { it.key == 'train/loss' }.values", Double.class)).containsExactly(2.5, 1.5);

        Map<String, Float> latest = given().get("/api/v1/runs/" + run + "/metrics/latest").jsonPath().getMap("");
        assertThat(latest).containsEntry("train/loss", 1.5f).containsEntry("knn/top1", 0.41f);
    }

    @Test
    void wallTimesAreStoredToTheMicrosecondAndDefaultToArrival() throws Exception {
        long run = TestData.run(TestData.experiment(), TestData.spec("simclr", 0));
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        post(run, "{\"points\": [{\"key\": \"loss\", \"step\": 1, \"value\": 1.0, \"wall_time\": \"2026-01-02T03:04:05.123456789Z\"},"
                + " {\"key\": \"loss\", \"step\": 2, \"value\": 0.5}]}").then().statusCode(200);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT step, wall_time FROM metric WHERE run_id = " + run + " ORDER BY step")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(2, OffsetDateTime.class).toInstant()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123457Z"));
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(2, OffsetDateTime.class).toInstant()).isBetween(before, Instant.now());
        }
    }

    @Test
    void anOlderStepNeverReplacesTheLatestValue() {
        long run = TestData.run(TestData.experiment(), TestData.spec("simclr", 0));
        post(run, "{\"points\": [{\"key\": \"loss\", \"step\": 10, \"value\": 1.0}]}").then().statusCode(200);
        post(run, "{\"points\": [{\"key\": \"loss\", \"step\": 3, \"value\": 9.0}]}").then().statusCode(200);

        assertThat(given().get("/api/v1/runs/" + run + "/metrics/latest").jsonPath().getFloat("loss")).isEqualTo(1.0f);
    }

    @Test
    void longSeriesAreDownsampledKeepingTheEnds() {
        long run = TestData.run(TestData.experiment(), TestData.spec("simclr", 0));
        StringBuilder body = new StringBuilder("{\"points\": [");
        for (int step = 0; step < 5000; step++) {
            body.append(step == 0 ? "" : ",").append("{\"key\": \"loss\", \"step\": ").append(step)
                    .append(", \"value\": ").append(step == 2500 ? 100.0 : 1.0 / (1 + step)).append('}');
        }
        post(run, body.append("]}").toString()).then().statusCode(200).body("stored", equalTo(5000));

        JsonPath series = given().queryParam("keys", "loss").queryParam("max_points", 200)
                .get("/api/v1/runs/" + run + "/metrics").jsonPath();
        List<Long> steps = series.getList("[0].steps", Long.class);
        assertThat(series.getInt("[0].total_points")).isEqualTo(5000);
        assertThat(steps).hasSize(200).startsWith(0L).endsWith(4999L).contains(2500L).isSorted();
    }

    private static io.restassured.response.Response post(long run, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/runs/" + run + "/metrics");
    }
}

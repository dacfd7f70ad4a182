package dev.umbra.api.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.umbra.api.PlayedRunner;
import dev.umbra.api.RunnerPlayer;
import dev.umbra.api.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs and configurations named and annotated; a queued run reprioritised; bad input refused whole. */
@QuarkusTest
class NamesAndNotesTest {

    private static io.restassured.response.Response patch(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).patch(path);
    }

    @Test
    void aRunIsNamedAnnotatedAndReprioritisedWhileQueued() {
        long experiment = TestData.experiment();
        long early = TestData.run(experiment, TestData.spec("simclr", 41));
        long late = TestData.run(experiment, TestData.spec("simclr", 42));

        patch("/api/v1/runs/" + late, "{\"name\": \"  wide head \", \"notes\": \"try a wider head\\nthen a deeper one\", \"priority\": 50}")
                .then().statusCode(200).body("name", equalTo("wide head")).body("notes", equalTo("try a wider head\nthen a deeper one"))
                .body("priority", equalTo(50));
        List<Long> queued = given().get("/api/v1/queue?limit=10000").jsonPath().getList("queued.run_id", Long.class);
        assertThat(queued.indexOf(late)).as("now ahead of the run queued before it").isLessThan(queued.indexOf(early));

        // Refused whole: the valid name of a request with a bad priority is not stored.
        patch("/api/v1/runs/" + late, "{\"name\": \"other\", \"priority\": 101}").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("priority"));
        patch("/api/v1/runs/" + late, "{\"name\": \"" + "x".repeat(201) + "\"}").then().statusCode(400).body("errors[0].field", equalTo("name"));
        patch("/api/v1/runs/" + late, "{\"name\": \"two\\nlines\"}").then().statusCode(400).body("errors[0].field", equalTo("name"));
        patch("/api/v1/runs/" + late, "{\"notes\": \"bell \\u0007\"}").then().statusCode(400).body("errors[0].field", equalTo("notes"));
        given().get("/api/v1/runs/" + late).then().body("name", equalTo("wide head")).body("priority", equalTo(50));

        RunnerPlayer runner = RunnerPlayer.register();
        int attempt = runner.claim(late);
        patch("/api/v1/runs/" + late, "{\"name\": \"renamed\", \"priority\": 0}").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("only while it is queued"));
        patch("/api/v1/runs/" + late, "{\"name\": \"renamed\", \"priority\": 50}").then().statusCode(200).body("name", equalTo("renamed"));
        patch("/api/v1/runs/" + late, "{\"name\": \"\"}").then().statusCode(200).body("name", equalTo(""));
        patch("/api/v1/runs/99999999", "{\"name\": \"x\"}").then().statusCode(404);
        runner.complete(late, attempt, "SUCCEEDED");
        given().post("/api/v1/runs/" + early + "/cancel").then().statusCode(200);
    }

    @Test
    void aConfigurationIsNamedOnceForAllItsSeedsAndTheGroupsCarryTheName() {
        long experiment = TestData.experiment();
        long run = TestData.run(experiment, TestData.spec("barlow-twins", 43));
        String hash = given().get("/api/v1/runs/" + run).jsonPath().getString("config_hash");
        new PlayedRunner().finish(Map.of(run, Map.of("linear-probe/top1", 0.5)));

        given().get("/api/v1/configurations/" + hash).then().statusCode(200).body("name", equalTo("")).body("notes", equalTo(""));
        patch("/api/v1/configurations/" + hash, "{\"name\": \"barlow, λ 0.005\"}").then().statusCode(200)
                .body("name", equalTo("barlow, λ 0.005")).body("notes", equalTo(""));
        patch("/api/v1/configurations/" + hash, "{\"notes\": \"the paper's λ\"}").then().statusCode(200)
                .body("name", equalTo("barlow, λ 0.005")).body("notes", equalTo("the paper's λ"));
        JsonPath groups = given().get("/api/v1/groups?experiment_id=" + experiment).jsonPath();
        assertThat(groups.getString("find { it.config_hash == '" + hash + "' }.name")).isEqualTo("barlow, λ 0.005");

        patch("/api/v1/configurations/" + "0".repeat(64), "{\"name\": \"x\"}").then().statusCode(404);
        patch("/api/v1/configurations/abc", "{\"name\": \"x\"}").then().statusCode(400).body("errors[0].field", equalTo("config_hash"));
        patch("/api/v1/configurations/" + hash, "{\"name\": \"" + "y".repeat(201) + "\"}").then().statusCode(400);
        given().get("/api/v1/configurations/" + hash).then().body("name", equalTo("barlow, λ 0.005"));
    }
}

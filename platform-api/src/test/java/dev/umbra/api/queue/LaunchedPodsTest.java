package dev.umbra.api.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.umbra.api.RunnerPlayer;
import dev.umbra.api.TestData;
import dev.umbra.api.Users;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the Kubernetes launcher's pods and the people watching them meet in the API: a pod's claim of
 * its one run, and the launched pods of the caller's team. (The launcher itself is tested against
 * fabric8's mock server in the scheduler module; here it is off, and its record is written as it
 * would write it.)
 */
@QuarkusTest
class LaunchedPodsTest {

    @Inject
    AgroalDataSource dataSource;

    private static JsonPath claim(RunnerPlayer runner, Long onlyRun) {
        var response = given().header("Authorization", "Bearer " + runner.token()).contentType(ContentType.JSON)
                .body("{\"runner_id\": " + runner.runnerId() + ", \"wait_seconds\": 0"
                        + (onlyRun == null ? "" : ", \"run_id\": " + onlyRun) + "}")
                .post("/api/v1/runner/claim");
        return response.statusCode() == 204 ? null : response.then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aPodClaimsItsOwnRunEvenBehindOthersAndNothingOnceItIsTaken() {
        long experiment = TestData.experiment();
        long urgent = given().contentType(ContentType.JSON).body(TestData.spec("simclr", 1).replaceFirst("\\{", "{\"priority\": 9, "))
                .post("/api/v1/experiments/" + experiment + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        long mine = TestData.run(experiment, TestData.spec("simclr", 2));
        RunnerPlayer pod = RunnerPlayer.register(Users.platformRunnerToken());

        assertThat(claim(pod, mine).getLong("run_id")).isEqualTo(mine);
        assertThat(claim(RunnerPlayer.register(Users.platformRunnerToken()), mine)).as("already leased").isNull();
        given().post("/api/v1/runs/" + urgent + "/cancel").then().statusCode(200);
    }

    @Test
    void aTeamSeesThePodsOfItsOwnRunsOnly() throws SQLException {
        long ours = TestData.run(TestData.experiment(), TestData.spec("simclr", 3));
        Users.Team other = Users.outsideTeam();
        long theirExperiment = TestData.as(other.adminToken()).contentType(ContentType.JSON).body("{\"name\": \"e\"}")
                .post("/api/v1/experiments").then().statusCode(201).extract().jsonPath().getLong("id");
        long theirs = TestData.as(other.adminToken()).contentType(ContentType.JSON).body(TestData.spec("simclr", 1))
                .post("/api/v1/experiments/" + theirExperiment + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String ourJob = "umbra-run-" + ours + "-1-" + suffix;
        String theirJob = "umbra-run-" + theirs + "-1-" + suffix;
        record(ourJob, ours, Users.defaultTeam(), "PENDING", "Unschedulable: 0/3 nodes are available");
        record(theirJob, theirs, other.id(), "RUNNING", null);

        JsonPath pods = given().get("/api/v1/runners/pods").then().statusCode(200).extract().jsonPath();

        assertThat(pods.getList("job_name", String.class)).contains(ourJob).doesNotContain(theirJob);
        assertThat(pods.getString("find { it.job_name == '" + ourJob + "' }.reason"))
                .isEqualTo("Unschedulable: 0/3 nodes are available");
        assertThat(pods.getString("find { it.job_name == '" + ourJob + "' }.phase")).isEqualTo("PENDING");
        assertThat(pods.getLong("find { it.job_name == '" + ourJob + "' }.run_id")).isEqualTo(ours);
        TestData.as(other.adminToken()).get("/api/v1/runners/pods").then().statusCode(200)
                .body("job_name", hasItem(theirJob)).body("job_name", not(hasItem(ourJob)));
        given().queryParam("limit", "0").get("/api/v1/runners/pods").then().statusCode(400)
                .contentType("application/problem+json");
    }

    private void record(String job, long run, long team, String phase, String reason) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO launched_pod (job_name, run_id, team_id, launch, phase, reason, launched_at, observed_at)
                VALUES (?, ?, ?, 1, ?, ?, now(), now())
                """)) {
            ps.setString(1, job);
            ps.setLong(2, run);
            ps.setLong(3, team);
            ps.setString(4, phase);
            ps.setString(5, reason);
            ps.executeUpdate();
        }
    }
}

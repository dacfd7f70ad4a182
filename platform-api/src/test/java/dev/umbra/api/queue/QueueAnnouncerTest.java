package dev.umbra.api.queue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.api.OtherReplica;
import dev.umbra.api.RunnerPlayer;
import dev.umbra.api.TestData;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What another replica hears when a run becomes claimable: a new run's notification comes from the
 * platform after its commit (V17), a run put back in the queue still notifies by V14's trigger.
 */
@QuarkusTest
class QueueAnnouncerTest {

    private static final Duration HEARING = Duration.ofSeconds(5);

    @Test
    void anotherReplicaHearsOfASubmittedRun() throws Exception {
        long experiment = TestData.experiment();
        try (OtherReplica other = new OtherReplica().listen(ReplicaSession.RUN_QUEUED)) {
            long run = TestData.run(experiment, TestData.spec("simclr", 41));

            assertThat(other.heard(HEARING)).contains(ReplicaSession.RUN_QUEUED);
            given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(200);
        }
    }

    @Test
    void anotherReplicaHearsOfASweepsRuns() throws Exception {
        long experiment = TestData.experiment();
        try (OtherReplica other = new OtherReplica().listen(ReplicaSession.RUN_QUEUED)) {
            long sweep = given().contentType(ContentType.JSON)
                    .body("{\"name\": \"heard\", \"base\": " + TestData.spec("simclr", 1).replace(", \"seed\": 1", "") + ", \"axes\": [{\"path\": "
                            + "\"method.params.temperature\", \"values\": [0.2, 0.3]}], \"seeds\": [42, 43]}")
                    .post("/api/v1/experiments/" + experiment + "/sweeps").then().statusCode(201).extract().jsonPath().getLong("id");

            assertThat(other.heard(HEARING)).contains(ReplicaSession.RUN_QUEUED);
            given().post("/api/v1/sweeps/" + sweep + "/cancel").then().statusCode(200);
        }
    }

    @Test
    void anotherReplicaHearsOfARunItsRunnerHandedBack() throws Exception {
        long run = TestData.run(TestData.experiment(), TestData.spec("simclr", 45));
        RunnerPlayer runner = RunnerPlayer.register();
        int attempt = runner.claim(run);
        try (OtherReplica other = new OtherReplica().listen(ReplicaSession.RUN_QUEUED)) {
            given().header("Authorization", "Bearer " + runner.token()).contentType(ContentType.JSON)
                    .body("{\"runner_id\": " + runner.runnerId() + ", \"attempt\": " + attempt + ", \"reason\": \"stopping\"}")
                    .post("/api/v1/runner/runs/" + run + "/release").then().statusCode(204);

            assertThat(other.heard(HEARING)).contains(ReplicaSession.RUN_QUEUED);
        }
        given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(200);
    }
}

package dev.umbra.api.artifact;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.api.OtherReplica;
import dev.umbra.api.RunnerPlayer;
import dev.umbra.api.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Artifacts with the embedded default (local store, streamed through the platform): bad names and
 * bad checksums store nothing; deleting runs drops references and the collector removes blobs no
 * run refers to any more.
 */
@QuarkusTest
class ArtifactLifecycleTest {

    @Inject
    ArtifactStore store;

    private RequestSpecification as(RunnerPlayer runner) {
        return given().header("Authorization", "Bearer " + runner.token());
    }

    private String put(RunnerPlayer runner, long runId, int attempt, String kind, String name, byte[] bytes, int status) {
        return as(runner).contentType("application/octet-stream").body(bytes).urlEncodingEnabled(false)
                .put("/api/v1/runner/runs/" + runId + "/artifacts/" + kind + "/" + name + "?runner_id=" + runner.runnerId()
                        + "&attempt=" + attempt)
                .then().statusCode(status).extract().asString();
    }

    @Test
    void badNamesAndChecksumsAreRefusedAndNothingIsStored() throws IOException {
        RunnerPlayer runner = RunnerPlayer.register();
        long runId = TestData.run(TestData.experiment(), TestData.spec("simclr", 31));
        int attempt = runner.claim(runId);
        byte[] bytes = S3ArtifactStoreTest.random(1234, 31);
        String sha = S3ArtifactStoreTest.sha256(bytes);

        for (String name : List.of("..x", "a..b", "%2Fetc%2Fpasswd", "a%5Cb", "a%00b", "a%0Ab", "x".repeat(201))) {
            String problem = put(runner, runId, attempt, "checkpoint", name, bytes, 400);
            assertThat(problem).as(name).contains("\"field\":\"name\"");
        }
        String mismatch = as(runner).contentType("application/octet-stream").header("X-Umbra-Sha256", "0".repeat(64))
                .body(bytes).put("/api/v1/runner/runs/" + runId + "/artifacts/checkpoint/ok.ckpt?runner_id="
                        + runner.runnerId() + "&attempt=" + attempt)
                .then().statusCode(400).extract().asString();
        assertThat(mismatch).contains("X-Umbra-Sha256");
        // a confirmation must match what the store holds
        put(runner, runId, attempt, "report", "ok.json", bytes, 200);
        as(runner).contentType(ContentType.JSON).body("{\"runner_id\": " + runner.runnerId() + ", \"attempt\": " + attempt
                        + ", \"sha256\": \"" + sha + "\", \"size_bytes\": 99}")
                .post("/api/v1/runner/runs/" + runId + "/artifacts/report/other.json/confirm").then().statusCode(400);
        as(runner).contentType(ContentType.JSON).body("{\"runner_id\": " + runner.runnerId() + ", \"attempt\": " + attempt
                        + ", \"sha256\": \"" + "1".repeat(64) + "\", \"size_bytes\": 5}")
                .post("/api/v1/runner/runs/" + runId + "/artifacts/report/other.json/confirm").then().statusCode(409);

        List<String> names = given().get("/api/v1/runs/" + runId + "/artifacts").then().statusCode(200)
                .extract().jsonPath().getList("name");
        assertThat(names).containsExactly("ok.json");
        assertThat(store.size("0".repeat(64))).isEmpty();
        runner.complete(runId, attempt, "SUCCEEDED");
    }

    @Test
    void deletingRunsDropsReferencesAndTheCollectorRemovesUnreferencedBlobs() throws IOException {
        RunnerPlayer runner = RunnerPlayer.register();
        long experiment = TestData.experiment();
        long first = TestData.run(experiment, TestData.spec("simclr", 33));
        long second = TestData.run(experiment, TestData.spec("simclr", 34));
        byte[] shared = S3ArtifactStoreTest.random(777, 33);
        String sha = S3ArtifactStoreTest.sha256(shared);
        for (long runId : List.of(first, second)) {
            int attempt = runner.claim(runId);
            put(runner, runId, attempt, "encoder", "encoder.safetensors", shared, 200);
            runner.complete(runId, attempt, "SUCCEEDED");
        }

        given().delete("/api/v1/runs/" + first).then().statusCode(204);
        collect();
        assertThat(store.size(sha)).as("still referenced by the second run").contains(777L);

        given().delete("/api/v1/runs/" + second).then().statusCode(204);
        assertThat(collect()).isGreaterThanOrEqualTo(1);
        assertThat(store.size(sha)).isEmpty();
    }

    /** Another replica collecting holds the collector's lock (ClusterSingleton's key space and task name). */
    @Test
    void aCollectionAskedForWhileAnotherReplicaCollectsIsAConflict() throws SQLException {
        try (OtherReplica otherReplica = new OtherReplica().holdLock("blob-collector")) {
            given().post("/api/v1/artifacts/gc").then().statusCode(409).contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.equalTo("urn:umbra:problem:collection-running"));
        }
        collect(); // the other replica is gone, and its lock with it
    }

    private int collect() {
        return RestAssured.given().post("/api/v1/artifacts/gc").then().statusCode(200).extract().jsonPath().getInt("collected");
    }
}

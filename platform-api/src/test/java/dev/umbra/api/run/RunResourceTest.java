package dev.umbra.api.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.umbra.api.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RunResourceTest {

    @Test
    void submittedRunIsQueuedWithHashesAndResolvedSpec() {
        long experiment = TestData.experiment();
        Response response = given().contentType(ContentType.JSON).body(TestData.spec("byol", 3))
                .post("/api/v1/experiments/" + experiment + "/runs");

        response.then().statusCode(201)
                .body("status", equalTo("QUEUED"))
                .body("attempt", equalTo(0))
                .body("method", equalTo("byol"))
                .body("backbone", equalTo("convnet-s"))
                .body("dataset", equalTo(TestData.SAMPLE))
                .body("config_hash", matchesPattern("[0-9a-f]{64}"))
                .body("run_hash", matchesPattern("[0-9a-f]{64}"))
                .body("spec.method.name", equalTo("byol"))
                .body("resolved_spec.method.params.momentum_base", equalTo(0.99f))
                .body("resolved_spec.augmentation.recipe", equalTo("byol-asymmetric"));
        long id = response.jsonPath().getLong("id");
        assertThat(response.header("Location")).endsWith("/api/v1/runs/" + id);

        given().get("/api/v1/runs/" + id).then().statusCode(200).body("id", equalTo((int) id));
    }

    @Test
    void theSeedChangesOnlyTheRunHashAndKeyOrderChangesNothing() {
        long experiment = TestData.experiment();
        JsonPath seed1 = submit(experiment, TestData.spec("vicreg", 1));
        JsonPath seed2 = submit(experiment, TestData.spec("vicreg", 2));
        JsonPath reordered = submit(experiment, "{\"seed\": 1, \"batch_size\": 32, \"max_steps_per_epoch\": 2, "
                + "\"epochs\": 2, \"method\": {\"name\": \"vicreg\", \"params\": {\"sim_coeff\": 25}}, "
                + "\"dataset\": \"fashion-mnist-sample\", \"priority\": 7}");

        assertThat(seed1.getString("config_hash")).isEqualTo(seed2.getString("config_hash"));
        assertThat(seed1.getString("run_hash")).isNotEqualTo(seed2.getString("run_hash"));
        assertThat(reordered.getString("run_hash")).isEqualTo(seed1.getString("run_hash"));
        assertThat(reordered.getString("config_hash")).isEqualTo(seed1.getString("config_hash"));
    }

    @Test
    void listFiltersByExperimentStatusMethodDatasetAndBackbone() {
        long experiment = TestData.experiment();
        long simclr = TestData.run(experiment, TestData.spec("simclr", 0));
        long barlow = TestData.run(experiment, TestData.spec("barlow-twins", 0));
        long other = TestData.run(TestData.experiment(), TestData.spec("simclr", 0));

        assertThat(ids("/api/v1/experiments/" + experiment + "/runs")).containsExactly(barlow, simclr);
        assertThat(ids("/api/v1/runs?experiment_id=" + experiment + "&method=simclr")).containsExactly(simclr);
        assertThat(ids("/api/v1/runs?method=simclr&dataset=fashion-mnist-sample&backbone=convnet-s&status=QUEUED"))
                .contains(simclr, other).doesNotContain(barlow);
        assertThat(ids("/api/v1/runs?experiment_id=" + experiment + "&backbone=resnet18-cifar")).isEmpty();
        assertThat(ids("/api/v1/runs?experiment_id=" + experiment + "&status=SUCCEEDED")).isEmpty();
    }

    @Test
    void cancellingAQueuedRunEndsItAtOnceAndIsIdempotent() {
        long run = TestData.run(TestData.experiment(), TestData.spec("simsiam", 0));

        given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("cancel_requested", equalTo(true));
        given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertThat(given().get("/api/v1/runs/" + run).jsonPath().getString("finished_at")).isNotNull();
    }

    @Test
    void deletingRequiresAFinishedRun() {
        long run = TestData.run(TestData.experiment(), TestData.spec("dino", 0));

        given().delete("/api/v1/runs/" + run).then().statusCode(409).body("type", equalTo("urn:umbra:problem:run-active"));
        given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(200);
        given().delete("/api/v1/runs/" + run).then().statusCode(204);
        given().get("/api/v1/runs/" + run).then().statusCode(404);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstSubmission() {
        long experiment = TestData.experiment();
        String spec = TestData.spec("swav", 5);
        long first = given().contentType(ContentType.JSON).header("Idempotency-Key", "sweep-42/seed-5").body(spec)
                .post("/api/v1/experiments/" + experiment + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");

        given().contentType(ContentType.JSON).header("Idempotency-Key", "sweep-42/seed-5").body(spec)
                .post("/api/v1/experiments/" + experiment + "/runs").then().statusCode(200).body("id", equalTo((int) first));
        given().contentType(ContentType.JSON).header("Idempotency-Key", "sweep-42/seed-5").body(TestData.spec("swav", 6))
                .post("/api/v1/experiments/" + experiment + "/runs").then().statusCode(409)
                .body("type", equalTo("urn:umbra:problem:idempotency-key-reused"));
        assertThat(ids("/api/v1/experiments/" + experiment + "/runs")).containsExactly(first);
    }

    /**
     * Submissions racing with one Idempotency-Key: one creates the run; each of the others either
     * replays it (200) or is told to retry (409, the unique key refused its insert), never a 5xx.
     */
    @Test
    void concurrentSubmissionsWithOneIdempotencyKeyCreateOneRun() throws Exception {
        long experiment = TestData.experiment();
        String spec = TestData.spec("simclr", 11);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().contentType(ContentType.JSON).header("Idempotency-Key", "race-1").body(spec)
                            .post("/api/v1/experiments/" + experiment + "/runs");
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<Response> answer : answers) {
                Response r = answer.get(60, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isIn(200, 201, 409);
                if (r.statusCode() == 409) {
                    assertThat(r.contentType()).startsWith("application/problem+json");
                    assertThat(r.jsonPath().getString("type")).isEqualTo("urn:umbra:problem:idempotency-key-in-flight");
                } else {
                    created += r.statusCode() == 201 ? 1 : 0;
                }
            }
            List<Long> runIds = ids("/api/v1/experiments/" + experiment + "/runs");
            assertThat(created).isEqualTo(1);
            assertThat(runIds).hasSize(1);
            given().contentType(ContentType.JSON).header("Idempotency-Key", "race-1").body(spec)
                    .post("/api/v1/experiments/" + experiment + "/runs").then().statusCode(200)
                    .body("id", equalTo(runIds.get(0).intValue()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void archivedExperimentsTakeNoNewRuns() {
        long experiment = TestData.experiment();
        given().post("/api/v1/experiments/" + experiment + "/archive").then().statusCode(200);

        given().contentType(ContentType.JSON).body(TestData.spec("mae", 0)).post("/api/v1/experiments/" + experiment + "/runs")
                .then().statusCode(409).body("type", equalTo("urn:umbra:problem:experiment-archived"));
    }

    private static JsonPath submit(long experiment, String spec) {
        return given().contentType(ContentType.JSON).body(spec).post("/api/v1/experiments/" + experiment + "/runs")
                .then().statusCode(201).extract().jsonPath();
    }

    private static List<Long> ids(String path) {
        return given().get(path).then().statusCode(200).extract().jsonPath().getList("items.id", Long.class);
    }
}

package dev.umbra.api.runnerapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.api.RawHttp;
import dev.umbra.api.RunnerPlayer;
import dev.umbra.api.TestData;
import dev.umbra.api.Users;
import dev.umbra.api.artifact.ArtifactResource;
import dev.umbra.api.artifact.ArtifactService;
import dev.umbra.api.dataset.DatasetResource;
import dev.umbra.api.run.Run;
import dev.umbra.client.dataset.DatasetManifest;
import dev.umbra.client.runner.RunAssignment;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plays a runner against the real protocol: register, claim, heartbeat, artifacts, results, complete. */
@QuarkusTest
class RunnerProtocolTest {

    @Inject
    ObjectMapper json;
    @Inject
    ArtifactService artifacts;

    private String token;
    private long runnerId;

    @BeforeEach
    void registerRunner() {
        token = given().contentType(ContentType.JSON).body("{\"name\": \"test runners\"}").post("/api/v1/runner-tokens")
                .then().statusCode(201).extract().jsonPath().getString("token");
        runnerId = runner().contentType(ContentType.JSON)
                .body("{\"name\": \"node-" + UUID.randomUUID() + "\", \"version\": \"test\", \"hostname\": \"h\", "
                        + "\"gpus\": 0, \"gpu_memory_gb\": 0, \"labels\": []}")
                .post("/api/v1/runner/register").then().statusCode(200).extract().jsonPath().getLong("runner_id");
    }

    private RequestSpecification runner() {
        return given().header("Authorization", "Bearer " + token);
    }

    /** Claims until the given run comes up (other tests' runs may be queued before it). */
    private JsonPath claim(long runId) {
        return new JsonPath(claimBody(runId));
    }

    /** The answer to the claim that got the given run, as sent. */
    private String claimBody(long runId) {
        for (int i = 0; i < 200; i++) {
            var response = runner().contentType(ContentType.JSON).body("{\"runner_id\": " + runnerId + ", \"wait_seconds\": 0}")
                    .post("/api/v1/runner/claim");
            if (response.statusCode() == 204) {
                break;
            }
            String body = response.then().statusCode(200).extract().asString();
            JsonPath claimed = new JsonPath(body);
            if (claimed.getLong("run_id") == runId) {
                return body;
            }
            complete(claimed.getLong("run_id"), claimed.getInt("attempt"), "CANCELLED"); // someone else's test run
        }
        throw new AssertionError("run " + runId + " was never claimed");
    }

    private void complete(long runId, int attempt, String status) {
        runner().contentType(ContentType.JSON)
                .body("{\"runner_id\": " + runnerId + ", \"attempt\": " + attempt + ", \"status\": \"" + status + "\"}")
                .post("/api/v1/runner/runs/" + runId + "/complete").then().statusCode(204);
    }

    /** A runner killed while its claim waits must not be handed a run it will never hear about. */
    @Test
    void aClaimWhoseRunnerHungUpLeasesNothing() throws Exception {
        // A team of its own, so no run queued by another test is there to be claimed at once.
        Users.Team team = Users.outsideTeam();
        RunnerPlayer runner = RunnerPlayer.register(TestData.as(team.adminToken()).contentType(ContentType.JSON)
                .body("{\"name\": \"hangs up\"}").post("/api/v1/runner-tokens").then().statusCode(201)
                .extract().jsonPath().getString("token"));
        HttpRequest longPoll = HttpRequest.newBuilder(URI.create("http://localhost:" + io.restassured.RestAssured.port
                        + "/api/v1/runner/claim"))
                .header("Authorization", "Bearer " + runner.token()).header("Content-Type", "application/json")
                .timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString("{\"runner_id\": " + runner.runnerId() + ", \"wait_seconds\": 2}")).build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThatThrownBy(() -> client.send(longPoll, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        long experiment = TestData.as(team.adminToken()).contentType(ContentType.JSON).body("{\"name\": \"e\"}")
                .post("/api/v1/experiments").then().statusCode(201).extract().jsonPath().getLong("id");
        long run = TestData.as(team.adminToken()).contentType(ContentType.JSON).body(TestData.spec("simclr", 8))
                .post("/api/v1/experiments/" + experiment + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        Thread.sleep(2_500); // past the claim's wait: had it gone on, it would have leased the queued run by now

        TestData.as(team.adminToken()).get("/api/v1/runs/" + run).then().body("status", equalTo("QUEUED")).body("attempt", equalTo(0));
    }

    /**
     * A waiting claim is woken by the queue's notification, not by its periodic re-check: the
     * test profile's claim wait (2 s) equals the re-check interval, so only the notification
     * answers well within it.
     */
    @Test
    void aWaitingClaimAnswersAsSoonAsARunIsQueued() throws Exception {
        Users.Team team = Users.outsideTeam(); // nothing queued for its runners yet
        RunnerPlayer runner = RunnerPlayer.register(TestData.as(team.adminToken()).contentType(ContentType.JSON)
                .body("{\"name\": \"waits\"}").post("/api/v1/runner-tokens").then().statusCode(201)
                .extract().jsonPath().getString("token"));
        long experiment = TestData.as(team.adminToken()).contentType(ContentType.JSON).body("{\"name\": \"e\"}")
                .post("/api/v1/experiments").then().statusCode(201).extract().jsonPath().getLong("id");
        HttpRequest longPoll = HttpRequest.newBuilder(URI.create("http://localhost:" + io.restassured.RestAssured.port
                        + "/api/v1/runner/claim"))
                .header("Authorization", "Bearer " + runner.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"runner_id\": " + runner.runnerId() + ", \"wait_seconds\": 2}")).build();
        var answer = HttpClient.newHttpClient().sendAsync(longPoll, HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300); // the claim is waiting

        long submitted = System.nanoTime();
        long run = TestData.as(team.adminToken()).contentType(ContentType.JSON).body(TestData.spec("simclr", 9))
                .post("/api/v1/experiments/" + experiment + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        HttpResponse<String> claimed = answer.get(5, java.util.concurrent.TimeUnit.SECONDS);
        long waitedMillis = (System.nanoTime() - submitted) / 1_000_000;

        assertThat(claimed.statusCode()).isEqualTo(200);
        assertThat(JsonPath.from(claimed.body()).getLong("run_id")).isEqualTo(run);
        assertThat(waitedMillis).as("from submission to the claim's answer").isLessThan(1_000);
        runner.complete(run, 1, "CANCELLED");
    }

    /** Checkpoints stream through the platform whatever their size: the 16 MB limit of other requests does not apply. */
    @Test
    void anArtifactUploadIsNotRefusedForItsSize() {
        var answer = RawHttp.send("PUT", "/api/v1/runner/runs/0/artifacts/checkpoint/big.ckpt?runner_id=" + runnerId + "&attempt=1",
                List.of("Authorization: Bearer " + token, "Content-Type: application/octet-stream", "Content-Length: " + (17L * 1024 * 1024)), "x");
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(409); // refused for the run it names (none), not for its size
    }

    @Test
    void aRunGoesFromQueuedToSucceededThroughTheProtocol() throws Exception {
        long run = TestData.run(TestData.experiment(), TestData.spec("simclr", 7));

        JsonPath claimed = claim(run);
        int attempt = claimed.getInt("attempt");
        assertThat(attempt).isEqualTo(1);
        assertThat(claimed.getString("spec.method.name")).isEqualTo("simclr");
        assertThat(claimed.getString("dataset.name")).isEqualTo(TestData.SAMPLE);
        assertThat(claimed.getString("resume_from")).isNull();
        given().get("/api/v1/runs/" + run).then().body("status", equalTo("LEASED")).body("runner_id", equalTo((int) runnerId));

        runner().contentType(ContentType.JSON).body("{\"runner_id\": " + runnerId + ", \"attempt\": " + attempt
                        + ", \"progress\": {\"epoch\": 1, \"step\": 5}, \"environment\": {\"java\": \"17\"}, \"log_tail\": \"epoch 1\","
                        + " \"metrics\": [{\"key\": \"train/loss\", \"step\": 5, \"value\": 4.2}]}")
                .post("/api/v1/runner/runs/" + run + "/heartbeat")
                .then().statusCode(200).body("action", equalTo("continue"));
        given().get("/api/v1/runs/" + run).then().body("status", equalTo("RUNNING"))
                .body("progress.step", equalTo(5)).body("environment.java", equalTo("17"));
        assertThat(given().get("/api/v1/runs/" + run + "/metrics/latest").jsonPath().getFloat("'train/loss'")).isEqualTo(4.2f);

        byte[] checkpoint = "weights".getBytes(StandardCharsets.UTF_8);
        runner().contentType("application/octet-stream").header("X-Umbra-Sha256", sha256(checkpoint)).body(checkpoint)
                .put("/api/v1/runner/runs/" + run + "/artifacts/checkpoint/checkpoint-e0001-s000000.ckpt?runner_id="
                        + runnerId + "&attempt=" + attempt)
                .then().statusCode(200).body("sha256", equalTo(sha256(checkpoint))).body("size_bytes", equalTo(7));

        runner().contentType(ContentType.JSON).body("{\"runner_id\": " + runnerId + ", \"attempt\": " + attempt
                        + ", \"results\": [{\"epoch\": 2, \"protocol\": \"knn/v1\", \"protocol_params\": {\"k\": 20},"
                        + " \"metric\": \"knn/top1\", \"value\": 0.71, \"details\": {}}]}")
                .post("/api/v1/runner/runs/" + run + "/results").then().statusCode(204);
        complete(run, attempt, "SUCCEEDED");
        complete(run, attempt, "SUCCEEDED"); // a retried completion is harmless

        given().get("/api/v1/runs/" + run).then().body("status", equalTo("SUCCEEDED"));
        given().get("/api/v1/runs/" + run + "/results").then().statusCode(200)
                .body("[0].metric", equalTo("knn/top1")).body("[0].value", equalTo(0.71f));
        JsonPath artifacts = given().get("/api/v1/runs/" + run + "/artifacts").jsonPath();
        assertThat(artifacts.getString("[0].kind")).isEqualTo("checkpoint");
        byte[] downloaded = given().get("/api/v1/runs/" + run + "/artifacts/" + artifacts.getLong("[0].id") + "/content")
                .then().statusCode(200).extract().asByteArray();
        assertThat(downloaded).isEqualTo(checkpoint);
    }

    @Test
    void aRunHandedBackResumesFromItsCheckpointAndTheOldAttemptIsFenced() {
        long run = TestData.run(TestData.experiment(), TestData.spec("byol", 1));
        int first = claim(run).getInt("attempt");
        byte[] checkpoint = "epoch-1".getBytes(StandardCharsets.UTF_8);
        runner().contentType("application/octet-stream").body(checkpoint)
                .put("/api/v1/runner/runs/" + run + "/artifacts/checkpoint/checkpoint-e0001-s000000.ckpt?runner_id="
                        + runnerId + "&attempt=" + first).then().statusCode(200);
        runner().contentType(ContentType.JSON).body("{\"runner_id\": " + runnerId + ", \"attempt\": " + first + ", \"reason\": \"SIGTERM\"}")
                .post("/api/v1/runner/runs/" + run + "/release").then().statusCode(204);

        JsonPath second = claim(run);
        assertThat(second.getInt("attempt")).isEqualTo(first + 1);
        assertThat(second.getString("resume_from.name")).isEqualTo("checkpoint-e0001-s000000.ckpt");
        byte[] resumed = runner().get("/api/v1/runner/runs/" + run + "/artifacts/checkpoint/checkpoint-e0001-s000000.ckpt?runner_id="
                + runnerId + "&attempt=" + second.getInt("attempt")).then().statusCode(200).extract().asByteArray();
        assertThat(resumed).isEqualTo(checkpoint);

        runner().contentType(ContentType.JSON).body("{\"runner_id\": " + runnerId + ", \"attempt\": " + first
                        + ", \"metrics\": [{\"key\": \"zombie\", \"step\": 1, \"value\": 1}]}")
                .post("/api/v1/runner/runs/" + run + "/heartbeat")
                .then().statusCode(409).contentType("application/problem+json").body("type", equalTo("urn:umbra:problem:stale-attempt"));
        assertThat(given().get("/api/v1/runs/" + run + "/metrics/latest").jsonPath().getMap("")).doesNotContainKey("zombie");
        complete(run, second.getInt("attempt"), "SUCCEEDED");
    }

    /** The whole log across two attempts: resent lines stored once, a stale attempt's lines never, pages from either end. */
    @Test
    void theWholeLogIsKeptLineByLineAndReadInPages() {
        long run = TestData.run(TestData.experiment(), TestData.spec("simsiam", 4));
        int first = claim(run).getInt("attempt");
        logLines(run, first, 0, "\"start\", \"epoch 1\"").then().statusCode(200);
        logLines(run, first, 1, "\"epoch 1\", \"epoch 2\"").then().statusCode(200); // the answer to the first was lost
        // Refused whole: nothing of the heartbeat (its progress included) is stored.
        logLines(run, first, -1, "\"x\"").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("log_from"));
        runner().contentType(ContentType.JSON).body("{\"runner_id\": " + runnerId + ", \"attempt\": " + first + ", \"reason\": \"SIGTERM\"}")
                .post("/api/v1/runner/runs/" + run + "/release").then().statusCode(204);
        int second = claim(run).getInt("attempt");
        logLines(run, first, 3, "\"zombie\"").then().statusCode(409);
        logLines(run, second, 0, "\"resumed\", \"evaluation knn/v1: knn/top1 = 0.5000\"").then().statusCode(200);

        JsonPath all = given().get("/api/v1/runs/" + run + "/log").then().statusCode(200).extract().jsonPath();
        assertThat(all.getInt("total")).isEqualTo(5);
        assertThat(all.getList("lines.text")).containsExactly("start", "epoch 1", "epoch 2", "resumed", "evaluation knn/v1: knn/top1 = 0.5000");
        assertThat(all.getList("lines.attempt", Integer.class)).containsExactly(first, first, first, second, second);
        assertThat(all.getList("lines.line_no", Integer.class)).containsExactly(0, 1, 2, 0, 1);
        JsonPath last = given().get("/api/v1/runs/" + run + "/log?offset=-2&limit=2").jsonPath();
        assertThat(last.getInt("offset")).isEqualTo(3);
        assertThat(last.getList("lines.text")).containsExactly("resumed", "evaluation knn/v1: knn/top1 = 0.5000");
        assertThat(given().get("/api/v1/runs/" + run + "/log?offset=1&limit=1").jsonPath().getList("lines.text")).containsExactly("epoch 1");
        given().get("/api/v1/runs/" + run + "/log?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().get("/api/v1/runs/" + run + "/log?offset=x").then().statusCode(400).body("errors[0].field", equalTo("offset"));
        given().get("/api/v1/runs/99999999/log").then().statusCode(404);
        complete(run, second, "SUCCEEDED");
    }

    private io.restassured.response.Response logLines(long run, int attempt, int from, String lines) {
        return runner().contentType(ContentType.JSON).body("{\"runner_id\": " + runnerId + ", \"attempt\": " + attempt
                + ", \"log_from\": " + from + ", \"log_lines\": [" + lines + "]}").post("/api/v1/runner/runs/" + run + "/heartbeat");
    }

    @Test
    void aCancelReachesTheRunnerOnItsNextHeartbeat() {
        long run = TestData.run(TestData.experiment(), TestData.spec("vicreg", 1));
        int attempt = claim(run).getInt("attempt");

        given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(200).body("status", equalTo("LEASED"))
                .body("cancel_requested", equalTo(true));
        runner().contentType(ContentType.JSON).body("{\"runner_id\": " + runnerId + ", \"attempt\": " + attempt + "}")
                .post("/api/v1/runner/runs/" + run + "/heartbeat").then().statusCode(200).body("action", equalTo("cancel"));
        complete(run, attempt, "CANCELLED");
        given().get("/api/v1/runs/" + run).then().body("status", equalTo("CANCELLED"));
    }

    @Test
    void artifactsWithBadNamesOrChecksumsAreRefusedAndNothingIsStored() {
        long run = TestData.run(TestData.experiment(), TestData.spec("simclr", 3));
        int attempt = claim(run).getInt("attempt");
        String base = "/api/v1/runner/runs/" + run + "/artifacts/";
        String query = "?runner_id=" + runnerId + "&attempt=" + attempt;

        runner().contentType("application/octet-stream").header("X-Umbra-Sha256", "0".repeat(64)).body(new byte[] {1, 2})
                .put(base + "checkpoint/c.ckpt" + query).then().statusCode(400).body("errors[0].field", equalTo("X-Umbra-Sha256"));
        runner().contentType("application/octet-stream").body(new byte[] {1}).urlEncodingEnabled(false)
                .put(base + "checkpoint/..%2Fescape" + query).then().statusCode(400);
        runner().contentType("application/octet-stream").body(new byte[] {1})
                .put(base + "secrets/c.ckpt" + query).then().statusCode(400).body("errors[0].field", equalTo("kind"));
        assertThat(given().get("/api/v1/runs/" + run + "/artifacts").jsonPath().getList("")).isEmpty();
        complete(run, attempt, "FAILED");
    }

    @Test
    void theDatasetZipHasTheRegisteredChecksum(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String checksum = given().get("/api/v1/datasets").jsonPath().getString("find { it.name == 'fashion-mnist-sample' }.checksum");
        long run = TestData.run(TestData.experiment(), TestData.spec("simclr", 4));
        int attempt = claim(run).getInt("attempt");

        byte[] zip = runner().queryParam("run_id", run).queryParam("runner_id", runnerId).queryParam("attempt", attempt)
                .get("/api/v1/runner/datasets/" + checksum).then().statusCode(200).extract().asByteArray();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Files.copy(in, dir.resolve(e.getName()));
            }
        }
        assertThat(DatasetManifest.of(dir).checksum()).isEqualTo(checksum);
    }

    @Test
    void runnerEndpointsNeedARunnerToken() {
        TestData.anonymous().contentType(ContentType.JSON).body("{\"runner_id\": 1, \"wait_seconds\": 0}").post("/api/v1/runner/claim")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer umbra_runner_forged").contentType(ContentType.JSON)
                .body("{\"runner_id\": 1, \"wait_seconds\": 0}").post("/api/v1/runner/claim")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void theQueueAndRunnersAreVisible() {
        long run = TestData.run(TestData.experiment(), TestData.spec("swav", 2));

        JsonPath queue = given().get("/api/v1/queue?limit=10000").then().statusCode(200).extract().jsonPath();
        assertThat(queue.getList("queued.run_id", Long.class)).contains(run);
        assertThat(queue.getLong("runs_by_state.QUEUED")).isPositive();
        given().get("/api/v1/runners").then().statusCode(200);
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains("umbra_runs{state=\"QUEUED\"").contains("umbra_runner_utilisation");
        given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(200);
    }

    /**
     * The claim reads its assignment in plain SQL (the queue's hot path); what it sends must be what
     * the entities and their DTO mappings say: spec, dataset, and the newest checkpoint to resume from.
     */
    @Test
    void aClaimSendsWhatTheEntitiesSayAboutTheRun() throws Exception {
        long run = TestData.run(TestData.experiment(), TestData.spec("byol", 7));
        int first = claim(run).getInt("attempt");
        for (String name : List.of("checkpoint-e0001-s000000.ckpt", "checkpoint-e0002-s000000.ckpt")) {
            runner().contentType("application/octet-stream").body(name.getBytes(StandardCharsets.UTF_8))
                    .put("/api/v1/runner/runs/" + run + "/artifacts/checkpoint/" + name + "?runner_id=" + runnerId
                            + "&attempt=" + first).then().statusCode(200);
        }
        runner().contentType(ContentType.JSON).body("{\"runner_id\": " + runnerId + ", \"attempt\": " + first + "}")
                .post("/api/v1/runner/runs/" + run + "/release").then().statusCode(204);

        JsonNode sent = json.readTree(claimBody(run));

        RunAssignment expected = QuarkusTransaction.requiringNew().call(() -> {
            Run entity = Run.findById(run);
            return new RunAssignment(run, first + 1, Instant.parse(sent.get("lease_expires_at").asText()), entity.runHash,
                    entity.resolvedSpec, DatasetResource.toDto(entity.dataset),
                    artifacts.latestCheckpoint(run).map(ArtifactResource::toDto).orElseThrow());
        });
        assertThat(sent.get("resume_from").get("name").asText()).isEqualTo("checkpoint-e0002-s000000.ckpt");
        assertThat(sent).isEqualTo(json.readTree(json.writeValueAsString(expected))); // both as parsed from the wire
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

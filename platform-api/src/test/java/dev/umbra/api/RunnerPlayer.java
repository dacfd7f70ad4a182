package dev.umbra.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/**
 * Plays a runner over the real runner protocol, so tests can move runs along (progress, metrics,
 * results, completion) the way an agent would, without SQL into the queue columns.
 */
public final class RunnerPlayer {

    private final String token;
    private final long runnerId;

    private RunnerPlayer(String token, long runnerId) {
        this.token = token;
        this.runnerId = runnerId;
    }

    /** Mints a runner token of the default team and registers a CPU runner with it. */
    public static RunnerPlayer register() {
        return register(Users.runnerToken());
    }

    /** Registers a CPU runner with this runner token. */
    public static RunnerPlayer register(String token) {
        long id = given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"name\": \"node-" + UUID.randomUUID() + "\", \"version\": \"test\", \"hostname\": \"h\", "
                        + "\"gpus\": 0, \"gpu_memory_gb\": 0, \"labels\": []}")
                .post("/api/v1/runner/register").then().statusCode(200).extract().jsonPath().getLong("runner_id");
        return new RunnerPlayer(token, id);
    }

    public String token() {
        return token;
    }

    public long runnerId() {
        return runnerId;
    }

    private RequestSpecification call() {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** Claims until the given run comes up and returns its attempt; other runs claimed meanwhile are cancelled. */
    public int claim(long runId) {
        for (int i = 0; i < 5_000; i++) {
            var response = call().body("{\"runner_id\": " + runnerId + ", \"wait_seconds\": 0}").post("/api/v1/runner/claim");
            if (response.statusCode() == 204) {
                break;
            }
            JsonPath claimed = response.then().statusCode(200).extract().jsonPath();
            if (claimed.getLong("run_id") == runId) {
                return claimed.getInt("attempt");
            }
            complete(claimed.getLong("run_id"), claimed.getInt("attempt"), "CANCELLED"); // another test's run
        }
        throw new AssertionError("run " + runId + " was never claimed");
    }

    /** Sends a heartbeat; {@code extraJson} is spliced into the body (progress, metrics, log_tail, environment). */
    public void heartbeat(long runId, int attempt, String extraJson) {
        call().body("{\"runner_id\": " + runnerId + ", \"attempt\": " + attempt
                        + (extraJson.isEmpty() ? "" : ", " + extraJson) + "}")
                .post("/api/v1/runner/runs/" + runId + "/heartbeat").then().statusCode(200);
    }

    /** Reports evaluation results: {@code resultsJson} is the JSON array of results. */
    public void results(long runId, int attempt, String resultsJson) {
        call().body("{\"runner_id\": " + runnerId + ", \"attempt\": " + attempt + ", \"results\": " + resultsJson + "}")
                .post("/api/v1/runner/runs/" + runId + "/results").then().statusCode(204);
    }

    public void complete(long runId, int attempt, String status) {
        call().body("{\"runner_id\": " + runnerId + ", \"attempt\": " + attempt + ", \"status\": \"" + status + "\"}")
                .post("/api/v1/runner/runs/" + runId + "/complete").then().statusCode(204);
    }

    /** Asks for a dataset's zip by checksum as the holder of a run; the raw answer. */
    public io.restassured.response.Response dataset(String checksum, long runId, int attempt) {
        return given().header("Authorization", "Bearer " + token).queryParam("run_id", runId)
                .queryParam("runner_id", runnerId).queryParam("attempt", attempt).get("/api/v1/runner/datasets/" + checksum);
    }

    /** One claim without waiting: the run id claimed, or -1 when nothing was eligible. */
    public long claimAny() {
        var response = call().body("{\"runner_id\": " + runnerId + ", \"wait_seconds\": 0}").post("/api/v1/runner/claim");
        return response.statusCode() == 204 ? -1 : response.then().statusCode(200).extract().jsonPath().getLong("run_id");
    }

    /** The names of a zip's entries (a dataset as the platform serves it), in order. */
    public static java.util.List<String> zipEntries(byte[] zip) throws java.io.IOException {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    /** One result in the runner protocol's JSON form. */
    public static String result(String protocol, String metric, int epoch, double value) {
        return "{\"epoch\": " + epoch + ", \"protocol\": \"" + protocol + "\", \"protocol_params\": {}, \"metric\": \""
                + metric + "\", \"value\": " + value + ", \"details\": {}}";
    }
}

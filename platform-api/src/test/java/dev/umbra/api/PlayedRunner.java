package dev.umbra.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A test playing a runner through the real runner protocol, to finish runs with known results
 * (no SQL into the queue columns). Runs it claims that it was not asked to finish (other tests'
 * leftovers) it ends as cancelled, as RunnerProtocolTest does.
 */
public final class PlayedRunner {

    private final String token;
    private final long runnerId;

    public PlayedRunner() {
        token = given().contentType(ContentType.JSON).body("{\"name\": \"played runner\"}").post("/api/v1/runner-tokens")
                .then().statusCode(201).extract().jsonPath().getString("token");
        runnerId = runner().contentType(ContentType.JSON)
                .body("{\"name\": \"played-" + UUID.randomUUID() + "\", \"version\": \"test\", \"hostname\": \"h\", "
                        + "\"gpus\": 0, \"gpu_memory_gb\": 0, \"labels\": []}")
                .post("/api/v1/runner/register").then().statusCode(200).extract().jsonPath().getLong("runner_id");
    }

    /**
     * Claims until every run of {@code results} is done: each gets a heartbeat (CPU environment,
     * a {@code train/loss} point), its final results (metric name to value; the protocol is the
     * metric's prefix + {@code /v1}) and completes as SUCCEEDED.
     */
    public void finish(Map<Long, Map<String, Double>> results) {
        Map<Long, Map<String, Double>> left = new HashMap<>(results);
        for (int i = 0; i < 500 && !left.isEmpty(); i++) {
            var response = runner().contentType(ContentType.JSON)
                    .body("{\"runner_id\": " + runnerId + ", \"wait_seconds\": 0}").post("/api/v1/runner/claim");
            if (response.statusCode() == 204) {
                break;
            }
            JsonPath claimed = response.then().statusCode(200).extract().jsonPath();
            long runId = claimed.getLong("run_id");
            int attempt = claimed.getInt("attempt");
            Map<String, Double> values = left.remove(runId);
            if (values == null) {
                complete(runId, attempt, "CANCELLED");
                continue;
            }
            runner().contentType(ContentType.JSON).body("{\"runner_id\": " + runnerId + ", \"attempt\": " + attempt
                            + ", \"progress\": {\"epoch\": 1}, \"environment\": {\"device\": \"cpu()\", \"gpu_count\": 0},"
                            + " \"metrics\": [{\"key\": \"train/loss\", \"step\": 1, \"value\": 1.5}]}")
                    .post("/api/v1/runner/runs/" + runId + "/heartbeat").then().statusCode(200);
            StringBuilder body = new StringBuilder("{\"runner_id\": " + runnerId + ", \"attempt\": " + attempt + ", \"results\": [");
            String separator = "";
            for (Map.Entry<String, Double> v : values.entrySet()) {
                String protocol = v.getKey().substring(0, v.getKey().indexOf('/')) + "/v1";
                body.append(separator).append("{\"epoch\": 2, \"protocol\": \"").append(protocol)
                        .append("\", \"protocol_params\": {}, \"metric\": \"").append(v.getKey()).append("\", \"value\": ")
                        .append(v.getValue()).append(", \"details\": {}}");
                separator = ", ";
            }
            runner().contentType(ContentType.JSON).body(body.append("]}").toString())
                    .post("/api/v1/runner/runs/" + runId + "/results").then().statusCode(204);
            complete(runId, attempt, "SUCCEEDED");
        }
        if (!left.isEmpty()) {
            throw new AssertionError("runs never claimed: " + left.keySet());
        }
    }

    private void complete(long runId, int attempt, String status) {
        runner().contentType(ContentType.JSON)
                .body("{\"runner_id\": " + runnerId + ", \"attempt\": " + attempt + ", \"status\": \"" + status + "\"}")
                .post("/api/v1/runner/runs/" + runId + "/complete").then().statusCode(204);
    }

    private RequestSpecification runner() {
        return given().header("Authorization", "Bearer " + token);
    }
}

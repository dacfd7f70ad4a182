package dev.umbra.api.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.api.RawHttp;
import dev.umbra.api.TestData;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table: every case must get a 4xx problem document naming what is wrong, and
 * leave every table exactly as it was.
 */
@QuarkusTest
class BadInputTest {

    private static final List<String> TABLES = List.of("team", "app_user", "dataset", "experiment", "run", "metric",
            "metric_latest", "eval_result", "blob", "artifact", "runner");
    private static final String EXP = "{EXP}";
    private static final String RUN = "{RUN}";

    @Inject
    AgroalDataSource dataSource;

    private long experiment;
    private long run;

    @BeforeEach
    void createTargets() {
        if (experiment == 0) {
            experiment = TestData.experiment("bad-input-target");
            run = TestData.run(experiment, TestData.spec("simclr", 0));
        }
    }

    static Stream<Arguments> cases() {
        String runs = "/api/v1/experiments/" + EXP + "/runs";
        String metrics = "/api/v1/runs/" + RUN + "/metrics";
        String spec = "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 2%s}";
        return Stream.of(
                // experiments
                bad("malformed JSON", "POST", "/api/v1/experiments", "{\"name\": ", 400, "malformed-json", null),
                bad("body is an array", "POST", "/api/v1/experiments", "[1, 2]", 400, "validation", "(body)"),
                bad("missing name", "POST", "/api/v1/experiments", "{\"tags\": []}", 400, "validation", "name"),
                bad("blank name", "POST", "/api/v1/experiments", "{\"name\": \"   \"}", 400, "validation", "name"),
                bad("name is a number", "POST", "/api/v1/experiments", "{\"name\": 5}", 400, "validation", "name"),
                bad("unknown field", "POST", "/api/v1/experiments", "{\"name\": \"a\", \"owner\": \"b\"}", 400, "validation", "owner"),
                bad("tags not an array", "POST", "/api/v1/experiments", "{\"name\": \"a\", \"tags\": \"x\"}", 400, "validation", "tags"),
                bad("bad tag", "POST", "/api/v1/experiments", "{\"name\": \"a\", \"tags\": [\"ok\", \"no spaces\"]}", 400, "validation", "tags[1]"),
                bad("NUL in name", "POST", "/api/v1/experiments", "{\"name\": \"a\\u0000b\"}", 400, "validation", "name"),
                bad("lone surrogate", "POST", "/api/v1/experiments", "{\"name\": \"a\\ud800b\"}", 400, "validation", "name"),
                bad("name too long", "POST", "/api/v1/experiments", "{\"name\": \"" + "n".repeat(201) + "\"}", 400, "validation", "name"),
                bad("empty body", "POST", "/api/v1/experiments", "", 400, "validation", "(body)"),
                bad("wrong media type", "POSTTEXT", "/api/v1/experiments", "name=a", 415, "unsupported-media-type", null),
                bad("malformed id", "GET", "/api/v1/experiments/abc", null, 404, "not-found", null),
                bad("unknown id", "GET", "/api/v1/experiments/9999999", null, 404, "not-found", null),
                bad("negative limit", "GET", "/api/v1/experiments?limit=-1", null, 400, "validation", "limit"),
                bad("limit not a number", "GET", "/api/v1/experiments?limit=ten", null, 400, "validation", "limit"),
                bad("malformed cursor", "GET", "/api/v1/experiments?cursor=!!!", null, 400, "validation", "cursor"),
                bad("forged cursor", "GET", "/api/v1/experiments?cursor=aWQ6LTU", null, 400, "validation", "cursor"),
                bad("update unknown field", "PATCH", "/api/v1/experiments/" + EXP, "{\"archived\": true}", 400, "validation", "archived"),
                // runs
                bad("spec not an object", "POST", runs, "\"simclr\"", 400, "validation", "(body)"),
                bad("unknown method", "POST", runs, "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"clip\"}, \"epochs\": 1}", 400, "validation", "method.name"),
                bad("unknown backbone", "POST", runs, String.format(spec, ", \"backbone\": \"vit-g\""), 400, "validation", "backbone"),
                bad("unknown dataset", "POST", runs, "{\"dataset\": \"imagenet\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 1}", 400, "validation", "dataset"),
                bad("missing epochs", "POST", runs, "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\"}}", 400, "validation", "epochs"),
                bad("epochs 0", "POST", runs, String.format(spec, "").replace("\"epochs\": 2", "\"epochs\": 0"), 400, "validation", "epochs"),
                bad("epochs 10^9", "POST", runs, String.format(spec, "").replace("\"epochs\": 2", "\"epochs\": 1000000000"), 400, "validation", "epochs"),
                bad("batch size 0", "POST", runs, String.format(spec, ", \"batch_size\": 0"), 400, "validation", "batch_size"),
                bad("negative learning rate", "POST", runs, String.format(spec, ", \"optimizer\": {\"lr\": -0.1}"), 400, "validation", "optimizer.lr"),
                bad("unknown method param", "POST", runs, "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\", \"params\": {\"temp\": 1}}, \"epochs\": 1}", 400, "validation", "method.params.temp"),
                bad("unknown spec field", "POST", runs, String.format(spec, ", \"gpu\": 1"), 400, "validation", "gpu"),
                bad("huge number", "POST", runs, String.format(spec, ", \"seed\": 1e400"), 400, "validation", "seed"),
                bad("string seed", "POST", runs, String.format(spec, ", \"seed\": \"1\""), 400, "validation", "seed"),
                bad("unknown protocol", "POST", runs, String.format(spec, ", \"evaluation\": {\"protocols\": [\"fid/v1\"]}"), 400, "validation", "evaluation.protocols[0]"),
                bad("bad idempotency key", "POSTKEY", runs, String.format(spec, ""), 400, "validation", "Idempotency-Key"),
                bad("unknown experiment", "POST", "/api/v1/experiments/9999999/runs", String.format(spec, ""), 404, "not-found", null),
                bad("bad status filter", "GET", "/api/v1/runs?status=DONE", null, 400, "validation", "status"),
                bad("bad method filter", "GET", "/api/v1/runs?method=clip", null, 400, "validation", "method"),
                bad("bad experiment filter", "GET", "/api/v1/runs?experiment_id=x", null, 400, "validation", "experiment_id"),
                bad("bad hash filter", "GET", "/api/v1/runs?run_hash=abc", null, 400, "validation", "run_hash"),
                bad("cancel unknown run", "POSTEMPTY", "/api/v1/runs/9999999/cancel", null, 404, "not-found", null),
                // metrics
                bad("no points", "POST", metrics, "{\"points\": []}", 400, "validation", "points"),
                bad("missing value", "POST", metrics, "{\"points\": [{\"key\": \"loss\", \"step\": 1}]}", 400, "validation", "points[0].value"),
                bad("negative step", "POST", metrics, "{\"points\": [{\"key\": \"loss\", \"step\": -1, \"value\": 1}]}", 400, "validation", "points[0].step"),
                bad("bad key", "POST", metrics, "{\"points\": [{\"key\": \"loss; drop table run\", \"step\": 1, \"value\": 1}]}", 400, "validation", "points[0].key"),
                bad("value is a string", "POST", metrics, "{\"points\": [{\"key\": \"loss\", \"step\": 1, \"value\": \"high\"}]}", 400, "validation", "points[0].value"),
                bad("one bad point spoils the batch", "POST", metrics, "{\"points\": [{\"key\": \"ok\", \"step\": 1, \"value\": 1}, {\"key\": \"\", \"step\": 1, \"value\": 1}]}", 400, "validation", "points[1].key"),
                bad("too many points", "POST", metrics, tooManyPoints(), 400, "validation", "points"),
                bad("bad max_points", "GET", metrics + "?max_points=1", null, 400, "validation", "max_points"),
                bad("metrics of unknown run", "POST", "/api/v1/runs/9999999/metrics", "{\"points\": [{\"key\": \"loss\", \"step\": 1, \"value\": 1}]}", 404, "not-found", null),
                // datasets
                bad("dataset without checksum", "POST", "/api/v1/datasets", "{\"name\": \"d\", \"format\": \"idx\", \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"location\": \"/data\"}", 400, "validation", "checksum"),
                bad("dataset bad format", "POST", "/api/v1/datasets", "{\"name\": \"d\", \"format\": \"parquet\", \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"checksum\": \"" + "a".repeat(64) + "\", \"location\": \"/data\"}", 400, "validation", "format"),
                bad("dataset name traversal", "POST", "/api/v1/datasets", "{\"name\": \"../etc\", \"format\": \"idx\", \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"checksum\": \"" + "a".repeat(64) + "\", \"location\": \"/data\"}", 400, "validation", "name"),
                bad("dataset exists", "POST", "/api/v1/datasets", "{\"name\": \"fashion-mnist-sample\", \"format\": \"idx\", \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"checksum\": \"" + "a".repeat(64) + "\", \"location\": \"/data\"}", 409, "dataset-exists", null),
                // transport
                bad("body over the limit", "POSTHUGE", "/api/v1/experiments", null, 413, "payload-too-large", null),
                bad("body without a declared length", "POSTCHUNKED", "/api/v1/experiments", null, 411, "length-required", null),
                bad("unknown path", "GET", "/api/v1/nothing-here", null, 404, "not-found", null),
                bad("wrong method", "DELETE", "/api/v1/experiments", null, 405, "method-not-allowed", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemAndChangesNothing(String name, String verb, String path, String body, int status,
                                                 String type, String field) throws Exception {
        Map<String, Long> before = counts();
        String url = path.replace(EXP, String.valueOf(experiment)).replace(RUN, String.valueOf(run));

        Response response = send(verb, url, body);

        assertThat(response.statusCode()).as(name).isEqualTo(status);
        assertThat(response.contentType()).as(name).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:umbra:problem:" + type);
        assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(response.jsonPath().getString("detail")).isNotBlank().doesNotContain("Exception", "at dev.");
        if (field != null) {
            assertThat(response.jsonPath().getList("errors.field", String.class)).as(name).contains(field);
        }
        assertThat(counts()).as("no table changed").isEqualTo(before);
    }

    private static Response send(String verb, String url, String body) {
        RequestSpecification request = given().urlEncodingEnabled(false);
        return switch (verb) {
            case "POSTHUGE" -> RawHttp.send("POST", url, List.of("Content-Type: application/json", "Content-Length: " + (17 * 1024 * 1024)), "{");
            case "POSTCHUNKED" -> RawHttp.send("POST", url, List.of("Content-Type: application/json", "Transfer-Encoding: chunked"), "1\r\n{\r\n");
            case "GET" -> request.get(url);
            case "DELETE" -> request.delete(url);
            case "POSTEMPTY" -> request.post(url);
            case "POSTTEXT" -> request.contentType("text/plain").body(body).post(url);
            case "POSTKEY" -> request.contentType("application/json").header("Idempotency-Key", "has space").body(body).post(url);
            case "PATCH" -> request.contentType("application/json").body(body).patch(url);
            default -> request.contentType("application/json").body(body).post(url);
        };
    }

    private Map<String, Long> counts() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static Arguments bad(String name, String verb, String path, String body, int status, String type, String field) {
        return Arguments.of(name, verb, path, body, status, type, field);
    }

    private static String tooManyPoints() {
        StringBuilder body = new StringBuilder("{\"points\": [");
        for (int i = 0; i <= 10_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"key\": \"k\", \"step\": ").append(i).append(", \"value\": 1}");
        }
        return body.append("]}").toString();
    }
}

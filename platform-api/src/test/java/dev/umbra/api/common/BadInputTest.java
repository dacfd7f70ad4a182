package dev.umbra.api.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.api.RawHttp;
import dev.umbra.api.TestData;
import dev.umbra.api.Users;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
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
            "metric_latest", "eval_result", "blob", "artifact", "runner", "team_member", "api_token", "audit_event");
    private static final String EXP = "{EXP}";
    private static final String RUN = "{RUN}";
    // Access: secrets and another team's ids, made once (see createTargets).
    private static final String RUNNER_TOKEN = "{RUNNER_TOKEN}";
    private static final String REVOKED = "{REVOKED}";
    private static final String EXPIRED = "{EXPIRED}";
    private static final String SESSION = "{SESSION}";
    private static final String CSRF = "{CSRF}";
    private static final String TEAM = "{TEAM}";
    private static final String ADMIN_ID = "{ADMIN_ID}";
    private static final String OTHER_EXP = "{OTHER_EXP}";
    private static final String OTHER_RUN = "{OTHER_RUN}";
    private static final String OTHER_TEAM = "{OTHER_TEAM}";
    /** The default team's dataset folder under the test profile's first root. */
    private static final String TEAM_FOLDER = "{TEAM_FOLDER}";
    private static final String OTHER_TOKEN_ID = "{OTHER_TOKEN_ID}";
    private static final String OTHER_ADMIN = "{OTHER_ADMIN}";
    private static Map<String, String> access;

    @Inject
    AgroalDataSource dataSource;

    private long experiment;
    private long run;

    @BeforeEach
    void createTargets() throws Exception {
        if (experiment == 0) {
            experiment = TestData.experiment("bad-input-target");
            run = TestData.run(experiment, TestData.spec("simclr", 0));
        }
        if (access == null) {
            access = accessTargets();
        }
    }

    private Map<String, String> accessTargets() throws Exception {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put(RUNNER_TOKEN, Users.runnerToken());
        Response revoked = given().contentType("application/json").body("{\"name\": \"revoked\", \"scope\": \"admin\"}").post("/api/v1/tokens");
        given().delete("/api/v1/tokens/" + revoked.jsonPath().getLong("id")).then().statusCode(204);
        targets.put(REVOKED, revoked.jsonPath().getString("token"));
        Response expired = given().contentType("application/json").body("{\"name\": \"expired\", \"scope\": \"admin\"}").post("/api/v1/tokens");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE api_token SET expires_at = now() - interval '1 minute' WHERE id = " + expired.jsonPath().getLong("id"));
        }
        targets.put(EXPIRED, expired.jsonPath().getString("token"));
        Users.Session session = Users.signIn("admin", TestData.ADMIN_PASSWORD);
        targets.put(SESSION, session.cookie());
        targets.put(CSRF, session.csrf());
        long team = Users.defaultTeam();
        targets.put(TEAM, String.valueOf(team));
        targets.put(TEAM_FOLDER, "/srv/umbra-datasets/team-" + team);
        targets.put(ADMIN_ID, given().get("/api/v1/teams/" + team + "/members").jsonPath().getString("find { it.username == 'admin' }.user_id"));
        Users.Team other = Users.newTeam();
        long otherExperiment = TestData.as(other.adminToken()).contentType("application/json").body("{\"name\": \"theirs\"}")
                .post("/api/v1/experiments").then().statusCode(201).extract().jsonPath().getLong("id");
        long otherRun = TestData.as(other.adminToken()).contentType("application/json").body(TestData.spec("simclr", 5))
                .post("/api/v1/experiments/" + otherExperiment + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        long otherToken = TestData.as(other.adminToken()).contentType("application/json").body("{\"name\": \"t\", \"scope\": \"read\"}")
                .post("/api/v1/tokens").then().statusCode(201).extract().jsonPath().getLong("id");
        targets.put(OTHER_EXP, String.valueOf(otherExperiment));
        targets.put(OTHER_RUN, String.valueOf(otherRun));
        targets.put(OTHER_TEAM, String.valueOf(other.id()));
        targets.put(OTHER_TOKEN_ID, String.valueOf(otherToken));
        targets.put(OTHER_ADMIN, other.adminToken());
        return targets;
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
                bad("dataset with a malformed checksum", "POST", "/api/v1/datasets", "{\"name\": \"d\", \"format\": \"idx\", \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"checksum\": \"abc\", \"location\": \"/srv/umbra-datasets/d\"}", 400, "validation", "checksum"),
                bad("dataset bad format", "POST", "/api/v1/datasets", "{\"name\": \"d\", \"format\": \"parquet\", \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"checksum\": \"" + "a".repeat(64) + "\", \"location\": \"/srv/umbra-datasets/d\"}", 400, "validation", "format"),
                bad("dataset name traversal", "POST", "/api/v1/datasets", "{\"name\": \"../etc\", \"format\": \"idx\", \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"checksum\": \"" + "a".repeat(64) + "\", \"location\": \"/srv/umbra-datasets/d\"}", 400, "validation", "name"),
                bad("dataset exists", "POST", "/api/v1/datasets", "{\"name\": \"fashion-mnist-sample\", \"format\": \"idx\", \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"checksum\": \"" + "a".repeat(64) + "\", \"location\": \"" + TEAM_FOLDER + "/d\"}", 409, "dataset-exists", null),
                bad("dataset outside the roots", "POST", "/api/v1/datasets", "{\"name\": \"d\", \"format\": \"idx\", \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"checksum\": \"" + "a".repeat(64) + "\", \"location\": \"/etc\"}", 400, "validation", "location"),
                bad("dataset location climbing out of a root", "POST", "/api/v1/datasets", "{\"name\": \"d\", \"format\": \"idx\", \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"checksum\": \"" + "a".repeat(64) + "\", \"location\": \"/srv/umbra-datasets/../../etc\"}", 400, "validation", "location"),
                bad("dataset location as a file URI outside the roots", "POST", "/api/v1/datasets", "{\"name\": \"d\", \"format\": \"idx\", \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"checksum\": \"" + "a".repeat(64) + "\", \"location\": \"file:///etc/passwd\"}", 400, "validation", "location"),
                bad("dataset location relative", "POST", "/api/v1/datasets", "{\"name\": \"d\", \"format\": \"idx\", \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"checksum\": \"" + "a".repeat(64) + "\", \"location\": \"data/fmnist\"}", 400, "validation", "location"),
                bad("dataset location is a whole root", "POST", "/api/v1/datasets", "{\"name\": \"d\", \"format\": \"idx\", \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"checksum\": \"" + "a".repeat(64) + "\", \"location\": \"/srv/umbra-datasets\"}", 400, "validation", "location"),
                // transport
                bad("body over the limit", "POSTHUGE", "/api/v1/experiments", null, 413, "payload-too-large", null),
                bad("body without a declared length", "POSTCHUNKED", "/api/v1/experiments", null, 411, "length-required", null),
                bad("unknown path", "GET", "/api/v1/nothing-here", null, 404, "not-found", null),
                bad("wrong method", "DELETE", "/api/v1/experiments", null, 405, "method-not-allowed", null),
                // missing, wrong, expired, revoked tokens (every other case carries the admin token)
                bad("no token on a read", "GET " + NO_TOKEN, "/api/v1/experiments", null, 401, "unauthorized", null),
                bad("no token on a write", "POST " + NO_TOKEN, "/api/v1/experiments", "{\"name\": \"a\"}", 401, "unauthorized", null),
                bad("no token on metrics", "POST " + NO_TOKEN, metrics, "{\"points\": [{\"key\": \"loss\", \"step\": 1, \"value\": 1}]}", 401, "unauthorized", null),
                bad("no token on the audit log", "GET " + NO_TOKEN, "/api/v1/audit", null, 401, "unauthorized", null),
                bad("unknown token", "GET " + bearer("umbra_user_" + "A".repeat(43)), "/api/v1/experiments", null, 401, "unauthorized", null),
                bad("token of another scheme", "GET Authorization: Basic YWRtaW46YWRtaW4=", "/api/v1/experiments", null, 401, "unauthorized", null),
                bad("empty bearer", "GET Authorization: Bearer ", "/api/v1/experiments", null, 401, "unauthorized", null),
                bad("SQL in the token", "GET " + bearer("' OR '1'='1"), "/api/v1/experiments", null, 401, "unauthorized", null),
                bad("a 4000-character token", "GET " + bearer("x".repeat(4000)), "/api/v1/experiments", null, 401, "unauthorized", null),
                bad("non-ASCII token", "GET " + bearer("umbra_user_\u00e9\u00e9"), "/api/v1/experiments", null, 401, "unauthorized", null),
                bad("expired token", "GET " + bearer(EXPIRED), "/api/v1/experiments", null, 401, "unauthorized", null),
                bad("revoked token", "GET " + bearer(REVOKED), "/api/v1/experiments", null, 401, "unauthorized", null),
                bad("revoked token writing", "POST " + bearer(REVOKED), "/api/v1/experiments", "{\"name\": \"a\"}", 401, "unauthorized", null),
                bad("token hash as the token", "GET " + bearer("0".repeat(64)), "/api/v1/experiments", null, 401, "unauthorized", null),
                bad("forged session cookie", "GET Cookie: umbra_session=umbra_session_forged", "/api/v1/experiments", null, 401, "unauthorized", null),
                // runner tokens on user endpoints, user tokens on runner endpoints
                bad("runner token reads experiments", "GET " + bearer(RUNNER_TOKEN), "/api/v1/experiments", null, 403, "forbidden", null),
                bad("runner token submits a run", "POST " + bearer(RUNNER_TOKEN), runs, String.format(spec, ""), 403, "forbidden", null),
                bad("runner token ingests user metrics", "POST " + bearer(RUNNER_TOKEN), metrics, "{\"points\": [{\"key\": \"loss\", \"step\": 1, \"value\": 1}]}", 403, "forbidden", null),
                bad("runner token mints a runner token", "POST " + bearer(RUNNER_TOKEN), "/api/v1/runner-tokens", "{\"name\": \"more\"}", 403, "forbidden", null),
                bad("runner token mints a user token", "POST " + bearer(RUNNER_TOKEN), "/api/v1/tokens", "{\"name\": \"t\", \"scope\": \"read\"}", 403, "forbidden", null),
                bad("runner token reads the audit log", "GET " + bearer(RUNNER_TOKEN), "/api/v1/audit", null, 403, "forbidden", null),
                bad("runner token adds a member", "POST " + bearer(RUNNER_TOKEN), "/api/v1/teams/" + TEAM + "/members", "{\"username\": \"x\", \"role\": \"admin\"}", 403, "forbidden", null),
                bad("user token claims a run", "POST", "/api/v1/runner/claim", "{\"runner_id\": 1, \"wait_seconds\": 0}", 403, "forbidden", null),
                // the session cookie without its CSRF token
                bad("session write without CSRF", "POST Cookie: umbra_session=" + SESSION, "/api/v1/experiments", "{\"name\": \"a\"}", 403, "csrf", null),
                bad("session delete without CSRF", "DELETE Cookie: umbra_session=" + SESSION, "/api/v1/runs/" + RUN, null, 403, "csrf", null),
                bad("session token mint without CSRF", "POST Cookie: umbra_session=" + SESSION, "/api/v1/tokens", "{\"name\": \"t\", \"scope\": \"admin\"}", 403, "csrf", null),
                bad("session write with the cookie's own value as CSRF", "POSTCSRF " + SESSION, "/api/v1/experiments", "{\"name\": \"a\"}", 403, "csrf", null),
                // another team's ids: not found, as if they did not exist
                bad("their experiment", "GET", "/api/v1/experiments/" + OTHER_EXP, null, 404, "not-found", null),
                bad("rename their experiment", "PATCH", "/api/v1/experiments/" + OTHER_EXP, "{\"name\": \"mine\"}", 404, "not-found", null),
                bad("archive their experiment", "POSTEMPTY", "/api/v1/experiments/" + OTHER_EXP + "/archive", null, 404, "not-found", null),
                bad("submit into their experiment", "POST", "/api/v1/experiments/" + OTHER_EXP + "/runs", String.format(spec, ""), 404, "not-found", null),
                bad("list their experiment's runs", "GET", "/api/v1/experiments/" + OTHER_EXP + "/runs", null, 404, "not-found", null),
                bad("sweep in their experiment", "POST", "/api/v1/experiments/" + OTHER_EXP + "/sweeps", "{}", 404, "not-found", null),
                bad("their run", "GET", "/api/v1/runs/" + OTHER_RUN, null, 404, "not-found", null),
                bad("cancel their run", "POSTEMPTY", "/api/v1/runs/" + OTHER_RUN + "/cancel", null, 404, "not-found", null),
                bad("delete their run", "DELETE", "/api/v1/runs/" + OTHER_RUN, null, 404, "not-found", null),
                bad("rerun their run", "POSTEMPTY", "/api/v1/runs/" + OTHER_RUN + "/rerun", null, 404, "not-found", null),
                bad("their run's metrics", "GET", "/api/v1/runs/" + OTHER_RUN + "/metrics", null, 404, "not-found", null),
                bad("write their run's metrics", "POST", "/api/v1/runs/" + OTHER_RUN + "/metrics", "{\"points\": [{\"key\": \"loss\", \"step\": 1, \"value\": 1}]}", 404, "not-found", null),
                bad("their run's results", "GET", "/api/v1/runs/" + OTHER_RUN + "/results", null, 404, "not-found", null),
                bad("their run's artifacts", "GET", "/api/v1/runs/" + OTHER_RUN + "/artifacts", null, 404, "not-found", null),
                bad("their run's reproducibility", "GET", "/api/v1/runs/" + OTHER_RUN + "/reproducibility", null, 404, "not-found", null),
                bad("their team's members", "GET", "/api/v1/teams/" + OTHER_TEAM + "/members", null, 404, "not-found", null),
                bad("add a member to their team", "POST", "/api/v1/teams/" + OTHER_TEAM + "/members", "{\"username\": \"spy\", \"role\": \"admin\"}", 404, "not-found", null),
                bad("revoke their token", "DELETE", "/api/v1/tokens/" + OTHER_TOKEN_ID, null, 404, "not-found", null),
                // tokens, teams and members: validation
                bad("token scope unknown", "POST", "/api/v1/tokens", "{\"name\": \"t\", \"scope\": \"root\"}", 400, "validation", "scope"),
                bad("token never expiring", "POST", "/api/v1/tokens", "{\"name\": \"t\", \"scope\": \"read\", \"expires_in_days\": 0}", 400, "validation", "expires_in_days"),
                bad("token expiry overflows", "POST", "/api/v1/tokens", "{\"name\": \"t\", \"scope\": \"read\", \"expires_in_days\": 99999999999}", 400, "validation", "expires_in_days"),
                bad("token name with a line break", "POST", "/api/v1/tokens", "{\"name\": \"a\\r\\nSet-Cookie: x=1\", \"scope\": \"read\"}", 400, "validation", "name"),
                bad("token for a team not mine", "POST", "/api/v1/tokens", "{\"name\": \"t\", \"scope\": \"read\", \"team_id\": 9999999}", 400, "validation", "team_id"),
                bad("token unknown field", "POST", "/api/v1/tokens", "{\"name\": \"t\", \"scope\": \"read\", \"user_id\": 1}", 400, "validation", "user_id"),
                bad("revoke unknown token", "DELETE", "/api/v1/tokens/9999999", null, 404, "not-found", null),
                bad("revoke malformed token id", "DELETE", "/api/v1/tokens/abc", null, 404, "not-found", null),
                bad("member role unknown", "POST", "/api/v1/teams/" + TEAM + "/members", "{\"username\": \"x\", \"role\": \"owner\"}", 400, "validation", "role"),
                bad("member name traversal", "POST", "/api/v1/teams/" + TEAM + "/members", "{\"username\": \"../../etc/passwd\", \"role\": \"viewer\"}", 400, "validation", "username"),
                bad("member name SQL", "POST", "/api/v1/teams/" + TEAM + "/members", "{\"username\": \"x'; DROP TABLE team; --\", \"role\": \"viewer\"}", 400, "validation", "username"),
                bad("member password too short", "POST", "/api/v1/teams/" + TEAM + "/members", "{\"username\": \"shorty\", \"role\": \"viewer\", \"password\": \"1234\"}", 400, "validation", "password"),
                bad("take over an existing user's password", "POST", "/api/v1/teams/" + TEAM + "/members", "{\"username\": \"admin\", \"role\": \"admin\", \"password\": \"a new password for you\"}", 400, "validation", "password"),
                bad("remove unknown member", "DELETE", "/api/v1/teams/" + TEAM + "/members/9999999", null, 404, "not-found", null),
                // (in the other team, whose only admin is the first admin: the default team may have more by now)
                bad("remove the last admin", "DELETE " + bearer(OTHER_ADMIN), "/api/v1/teams/" + OTHER_TEAM + "/members/" + ADMIN_ID, null, 409, "last-admin", null),
                bad("demote the last admin", "POST " + bearer(OTHER_ADMIN), "/api/v1/teams/" + OTHER_TEAM + "/members", "{\"username\": \"admin\", \"role\": \"viewer\"}", 409, "last-admin", null),
                bad("team without a name", "POST", "/api/v1/teams", "{\"name\": \" \"}", 400, "validation", "name"),
                bad("team name taken", "POST", "/api/v1/teams", "{\"name\": \"default\"}", 409, "team-exists", null),
                bad("audit limit 0", "GET", "/api/v1/audit?limit=0", null, 400, "validation", "limit"),
                bad("audit cursor forged", "GET", "/api/v1/audit?cursor='%20OR%201=1%20--", null, 400, "validation", "cursor"),
                // sign-in
                bad("wrong password", "POST " + NO_TOKEN, "/api/v1/session", "{\"username\": \"admin\", \"password\": \"admin\"}", 401, "sign-in-failed", null),
                bad("unknown user", "POST " + NO_TOKEN, "/api/v1/session", "{\"username\": \"nobody\", \"password\": \"x\"}", 401, "sign-in-failed", null),
                bad("SQL as the username", "POST " + NO_TOKEN, "/api/v1/session", "{\"username\": \"admin' --\", \"password\": \"x\"}", 401, "sign-in-failed", null),
                bad("huge username", "POST " + NO_TOKEN, "/api/v1/session", "{\"username\": \"" + "u".repeat(100_000) + "\", \"password\": \"x\"}", 401, "sign-in-failed", null),
                bad("no password", "POST " + NO_TOKEN, "/api/v1/session", "{\"username\": \"admin\"}", 400, "validation", "password"),
                bad("password is a number", "POST " + NO_TOKEN, "/api/v1/session", "{\"username\": \"admin\", \"password\": 1234}", 400, "validation", "password"),
                // bodies built to hurt
                bad("deeply nested spec", "POST", runs, "[".repeat(5000) + "]".repeat(5000), 400, "validation", "(body)"),
                bad("deeply nested method params", "POST", runs, "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\", \"params\": " + "{\"a\": ".repeat(3000) + "1" + "}".repeat(3000) + "}, \"epochs\": 1}", 400, "validation", "(body)"),
                bad("a megabyte name", "POST", "/api/v1/experiments", "{\"name\": \"" + "n".repeat(1_000_000) + "\"}", 400, "validation", "name"),
                bad("a 400-digit seed", "POST", runs, String.format(spec, ", \"seed\": " + "9".repeat(400)), 400, "validation", "seed"),
                bad("NaN metric value", "POST", metrics, "{\"points\": [{\"key\": \"loss\", \"step\": 1, \"value\": NaN}]}", 400, "validation", null),
                bad("Infinity metric value", "POST", metrics, "{\"points\": [{\"key\": \"loss\", \"step\": 1, \"value\": 1e999}]}", 400, "validation", "points[0].value"),
                bad("invalid UTF-8 in a name", "POSTBYTES", "/api/v1/experiments", "{\"name\": \"a\u00ffb\"}", 400, "validation", null),
                bad("SQL in a description", "PATCH", "/api/v1/experiments/" + EXP, "{\"description\": \"x'); DELETE FROM run; --\", \"tags\": [\"a;b\"]}", 400, "validation", "tags[0]"),
                bad("SQL in the status filter", "GET", "/api/v1/runs?status=QUEUED'%20OR%201=1--", null, 400, "validation", "status"),
                bad("SQL in the experiment filter", "GET", "/api/v1/runs?experiment_id=1%20OR%201=1", null, 400, "validation", "experiment_id"),
                bad("SQL in the limit", "GET", "/api/v1/experiments?limit=1%3BDROP%20TABLE%20run", null, 400, "validation", "limit"),
                bad("limit past long", "GET", "/api/v1/experiments?limit=99999999999999999999", null, 400, "validation", "limit"),
                bad("path traversal in an artifact id", "GET", "/api/v1/runs/" + RUN + "/artifacts/..%2F..%2Fetc%2Fpasswd/content", null, 404, "not-found", null),
                bad("header injection in the idempotency key", "POSTKEYCRLF", runs, String.format(spec, ""), 400, "validation", "Idempotency-Key"),
                // text PostgreSQL cannot store: refused naming the field, wherever it is
                bad("NUL in the sign-in username", "POST " + NO_TOKEN, "/api/v1/session", "{\"username\": \"ad\\u0000min\", \"password\": \"x\"}", 400, "validation", "username"),
                bad("NUL in the experiment name filter", "GET", "/api/v1/experiments?name=a%00b", null, 400, "validation", "name"),
                bad("NUL in the experiment tag filter", "GET", "/api/v1/experiments?tag=a%00b", null, 400, "validation", "tag"),
                bad("NUL in the run dataset filter", "GET", "/api/v1/runs?dataset=a%00b", null, 400, "validation", "dataset"),
                bad("NUL in the experiment's run dataset filter", "GET", runs + "?dataset=a%00b", null, 400, "validation", "dataset"),
                bad("NUL in the groups dataset filter", "GET", "/api/v1/groups?dataset=a%00b", null, 400, "validation", "dataset"),
                bad("NUL in the leaderboard dataset filter", "GET", "/api/v1/leaderboard?dataset=a%00b", null, 400, "validation", "dataset"),
                bad("NUL in the compute dataset filter", "GET", "/api/v1/compute?dataset=a%00b", null, 400, "validation", "dataset"),
                bad("NUL in a path parameter", "GET " + bearer(RUNNER_TOKEN), "/api/v1/runner/runs/" + RUN + "/artifacts/checkpoint/a%00b?runner_id=1&attempt=1", null, 400, "validation", "name"),
                bad("NUL in a spec string", "POST", runs, "{\"dataset\": \"fashion-mnist-sample\\u0000\", \"method\": {\"name\": \"simclr\"}, \"epochs\": 1}", 400, "validation", "dataset"),
                bad("NUL in a spec key", "POST", runs, "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\", \"params\": {\"t\\u0000\": 1}}, \"epochs\": 1}", 400, "validation", "method.params"),
                bad("lone surrogate in a runner log tail", "POST " + bearer(RUNNER_TOKEN), "/api/v1/runner/runs/" + RUN + "/heartbeat", "{\"runner_id\": 1, \"attempt\": 1, \"log_tail\": \"a\\udc00b\"}", 400, "validation", "log_tail"),
                bad("NUL in a runner log tail", "POST " + bearer(RUNNER_TOKEN), "/api/v1/runner/runs/" + RUN + "/heartbeat", "{\"runner_id\": 1, \"attempt\": 1, \"log_tail\": \"a\\u0000b\"}", 400, "validation", "log_tail"),
                bad("NUL in runner progress", "POST " + bearer(RUNNER_TOKEN), "/api/v1/runner/runs/" + RUN + "/heartbeat", "{\"runner_id\": 1, \"attempt\": 1, \"progress\": {\"phase\": [\"a\\u0000\"]}}", 400, "validation", "progress.phase[0]"),
                bad("NUL in result details", "POST " + bearer(RUNNER_TOKEN), "/api/v1/runner/runs/" + RUN + "/results", "{\"runner_id\": 1, \"attempt\": 1, \"results\": [{\"epoch\": 1, \"protocol\": \"knn/v1\", \"metric\": \"knn/top1\", \"value\": 0.5, \"details\": {\"note\": \"\\u0000\"}}]}", 400, "validation", "results[0].details.note"),
                bad("NUL in a runner error", "POST " + bearer(RUNNER_TOKEN), "/api/v1/runner/runs/" + RUN + "/complete", "{\"runner_id\": 1, \"attempt\": 1, \"status\": \"FAILED\", \"error\": \"boom\\u0000\"}", 400, "validation", "error"),
                // times the database and the JDK cannot round-trip
                bad("metric time in the year +300000", "POST", metrics, "{\"points\": [{\"key\": \"loss\", \"step\": 1, \"value\": 1, \"wall_time\": \"+300000-01-01T00:00:00Z\"}]}", 400, "validation", "points[0].wall_time"),
                bad("metric time before 1970", "POST", metrics, "{\"points\": [{\"key\": \"loss\", \"step\": 1, \"value\": 1, \"wall_time\": \"1969-12-31T23:59:59Z\"}]}", 400, "validation", "points[0].wall_time"),
                bad("metric time as a huge epoch number", "POST", metrics, "{\"points\": [{\"key\": \"loss\", \"step\": 1, \"value\": 1, \"wall_time\": 1e300}]}", 400, "validation", "points[0].wall_time"),
                bad("runner metric time out of range", "POST " + bearer(RUNNER_TOKEN), "/api/v1/runner/runs/" + RUN + "/heartbeat", "{\"runner_id\": 1, \"attempt\": 1, \"metrics\": [{\"key\": \"loss\", \"step\": 1, \"value\": 1, \"wall_time\": \"+300000-01-01T00:00:00Z\"}]}", 400, "validation", "metrics[0].wall_time"),
                // one JSON document, one meaning
                bad("duplicate key", "POST", "/api/v1/experiments", "{\"name\": \"a\", \"name\": \"b\"}", 400, "malformed-json", "name"),
                bad("duplicate key in a spec", "POST", runs, "{\"dataset\": \"fashion-mnist-sample\", \"method\": {\"name\": \"simclr\", \"name\": \"byol\"}, \"epochs\": 1}", 400, "malformed-json", "method.name"),
                bad("duplicate key in a sign-in", "POST " + NO_TOKEN, "/api/v1/session", "{\"username\": \"admin\", \"password\": \"x\", \"password\": \"y\"}", 400, "malformed-json", "password"),
                bad("JSON without a Content-Type", "POSTNOTYPE", "/api/v1/experiments", "{\"name\": \"a\"}", 415, "unsupported-media-type", "Content-Type"),
                bad("suite body as text", "POSTTEXT", "/api/v1/experiments/" + EXP + "/suites/benchmark", "{}", 415, "unsupported-media-type", "Content-Type"),
                bad("JSON in UTF-16", "POSTUTF16", "/api/v1/experiments", "{\"name\": \"a\"}", 415, "unsupported-media-type", "Content-Type"),
                bad("spec without a Content-Type", "POSTNOTYPE", runs, String.format(spec, ""), 415, "unsupported-media-type", "Content-Type"),
                bad("sign-in without a Content-Type", "POSTNOTYPE " + NO_TOKEN, "/api/v1/session", "{\"username\": \"admin\", \"password\": \"x\"}", 415, "unsupported-media-type", "Content-Type"));
    }

    private static final String NO_TOKEN = "Authorization: ";

    private static String bearer(String token) {
        return "Authorization: Bearer " + token;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemAndChangesNothing(String name, String verb, String path, String body, int status,
                                                 String type, String field) throws Exception {
        Map<String, Long> before = counts();
        String url = fill(path.replace(EXP, String.valueOf(experiment)).replace(RUN, String.valueOf(run)));

        Response response = send(fill(verb), url, body == null ? null : fill(body));

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

    private static String fill(String text) {
        String filled = text;
        for (Map.Entry<String, String> target : access.entrySet()) {
            filled = filled.replace(target.getKey(), target.getValue());
        }
        return filled;
    }

    /** Sends the request; a verb may carry one header after a space ("GET Authorization: Bearer x"). */
    private static Response send(String verbAndHeader, String url, String body) {
        RequestSpecification request = given().urlEncodingEnabled(false);
        String verb = verbAndHeader;
        String rawAuthorization = "Authorization: Bearer " + TestData.ADMIN_TOKEN;
        int space = verbAndHeader.indexOf(' ');
        if (space > 0) {
            verb = verbAndHeader.substring(0, space);
            String header = verbAndHeader.substring(space + 1);
            rawAuthorization = header;
            int colon = header.indexOf(':');
            if (verb.equals("POSTCSRF")) {
                // The session cookie, and as the CSRF token the cookie's own value (not the derived token).
                request.header("Cookie", "umbra_session=" + header).header("Authorization", "").header("X-CSRF-Token", header);
                verb = "POST";
            } else {
                request.header(header.substring(0, colon), header.substring(colon + 1).strip());
                if (header.startsWith("Cookie:")) {
                    request.header("Authorization", "");
                }
            }
        }
        return switch (verb) {
            case "POSTHUGE" -> RawHttp.send("POST", url, List.of("Authorization: Bearer " + TestData.ADMIN_TOKEN, "Content-Type: application/json", "Content-Length: " + (17 * 1024 * 1024)), "{");
            case "POSTCHUNKED" -> RawHttp.send("POST", url, List.of("Authorization: Bearer " + TestData.ADMIN_TOKEN, "Content-Type: application/json", "Transfer-Encoding: chunked"), "1\r\n{\r\n");
            case "POSTBYTES" -> request.contentType("application/json")
                    .body(body.getBytes(StandardCharsets.ISO_8859_1)).post(url);
            case "POSTKEYCRLF" -> request.contentType("application/json").header("Idempotency-Key", "key\u0085Set-Cookie: x=1").body(body).post(url);
            case "GET" -> request.get(url);
            case "DELETE" -> request.delete(url);
            case "POSTEMPTY" -> request.post(url);
            case "POSTTEXT" -> request.contentType("text/plain").body(body).post(url);
            // RestAssured adds a Content-Type to every body it sends, so these go over a raw socket.
            case "POSTNOTYPE" -> RawHttp.send("POST", url, List.of(rawAuthorization, "Content-Length: " + body.length()), body);
            case "POSTUTF16" -> RawHttp.send("POST", url, List.of(rawAuthorization, "Content-Type: application/json; charset=utf-16",
                    "Content-Length: " + body.length()), body);
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

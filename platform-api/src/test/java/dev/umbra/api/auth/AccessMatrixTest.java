package dev.umbra.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.api.TestData;
import dev.umbra.api.Users;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Role × endpoint: every caller (no token, a runner token, a viewer's, a member's, an admin's)
 * against every kind of endpoint. Allowed means the request got past access control (any answer
 * but 401/403, never a 5xx); denied means 401 without a token, 403 with one. State-changing calls
 * aim at ids that do not exist or send bodies that fail validation, so allowed calls change nothing.
 */
@QuarkusTest
class AccessMatrixTest {

    private static final List<String> CALLERS = List.of("anonymous", "runner", "viewer", "member", "admin");
    private static final Map<String, Integer> RANK = Map.of("viewer", 1, "member", 2, "admin", 3);
    private static final String EXP = "{EXP}";
    private static final String RUN = "{RUN}";
    private static final String TEAM = "{TEAM}";
    private static final String NONE = "9999999";

    private static Map<String, String> tokens;
    private static long experiment;
    private static long run;
    private static long team;

    @BeforeEach
    void createCallers() {
        if (tokens == null) {
            experiment = TestData.experiment("access-matrix");
            run = TestData.run(experiment, TestData.spec("simclr", 0));
            team = Users.defaultTeam();
            tokens = Map.of("runner", Users.runnerToken(), "viewer", Users.tokenOf("viewer"),
                    "member", Users.tokenOf("member"), "admin", Users.tokenOf("admin"));
        }
    }

    /** Endpoint: name, method, path, body, who may call it (viewer, member, admin, runner, open). */
    static Stream<Arguments> matrix() {
        List<Object[]> endpoints = List.of(
                e("list experiments", "GET", "/api/v1/experiments", null, "viewer"),
                e("read an experiment", "GET", "/api/v1/experiments/" + EXP, null, "viewer"),
                e("create an experiment", "POST", "/api/v1/experiments", "{}", "member"),
                e("update an experiment", "PATCH", "/api/v1/experiments/" + NONE, "{\"description\": \"x\"}", "member"),
                e("archive an experiment", "POST", "/api/v1/experiments/" + NONE + "/archive", null, "member"),
                e("list runs", "GET", "/api/v1/experiments/" + EXP + "/runs", null, "viewer"),
                e("submit a run", "POST", "/api/v1/experiments/" + EXP + "/runs", "{}", "member"),
                e("read a run", "GET", "/api/v1/runs/" + RUN, null, "viewer"),
                e("cancel a run", "POST", "/api/v1/runs/" + NONE + "/cancel", null, "member"),
                e("delete a run", "DELETE", "/api/v1/runs/" + NONE, null, "member"),
                e("rerun", "POST", "/api/v1/runs/" + NONE + "/rerun", null, "member"),
                e("read metrics", "GET", "/api/v1/runs/" + RUN + "/metrics", null, "viewer"),
                e("ingest metrics", "POST", "/api/v1/runs/" + RUN + "/metrics", "{\"points\": []}", "member"),
                e("read results", "GET", "/api/v1/runs/" + RUN + "/results", null, "viewer"),
                e("list artifacts", "GET", "/api/v1/runs/" + RUN + "/artifacts", null, "viewer"),
                e("create a sweep", "POST", "/api/v1/experiments/" + EXP + "/sweeps", "{}", "member"),
                e("queue", "GET", "/api/v1/queue", null, "viewer"),
                e("runners", "GET", "/api/v1/runners", null, "viewer"),
                e("datasets", "GET", "/api/v1/datasets", null, "viewer"),
                e("register a dataset", "POST", "/api/v1/datasets", "{}", "member"),
                e("catalog", "GET", "/api/v1/catalog", null, "viewer"),
                e("mint a runner token", "POST", "/api/v1/runner-tokens", "{}", "admin"),
                e("audit log", "GET", "/api/v1/audit", null, "admin"),
                e("collect unreferenced blobs", "POST", "/api/v1/artifacts/gc", null, "admin"),
                e("download an artifact", "GET", "/api/v1/runs/" + RUN + "/artifacts/" + NONE + "/content", null, "viewer"),
                e("team members", "GET", "/api/v1/teams/" + TEAM + "/members", null, "viewer"),
                e("add a member", "POST", "/api/v1/teams/" + TEAM + "/members", "{}", "admin"),
                e("remove a member", "DELETE", "/api/v1/teams/" + TEAM + "/members/" + NONE, null, "admin"),
                e("create a team", "POST", "/api/v1/teams", "{}", "admin"),
                e("my tokens", "GET", "/api/v1/tokens", null, "viewer"),
                e("revoke a token", "DELETE", "/api/v1/tokens/" + NONE, null, "viewer"),
                e("who am I", "GET", "/api/v1/session", null, "viewer"),
                e("runner claim", "POST", "/api/v1/runner/claim", "{}", "runner"),
                e("runner heartbeat", "POST", "/api/v1/runner/runs/" + NONE + "/heartbeat", "{}", "runner"),
                e("health", "GET", "/q/health/live", null, "open"),
                e("portal", "GET", "/", null, "open"));
        List<Arguments> cases = new ArrayList<>();
        for (Object[] endpoint : endpoints) {
            for (String caller : CALLERS) {
                cases.add(Arguments.of(endpoint[0] + " as " + caller, endpoint[1], endpoint[2], endpoint[3], endpoint[4], caller));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void onlyTheRightCallersGetThrough(String name, String method, String path, String body, String allowed, String caller) {
        RequestSpecification request = caller.equals("anonymous") ? TestData.anonymous() : TestData.as(tokens.get(caller));
        if (body != null) {
            request.contentType("application/json").body(body);
        }
        String url = path.replace(EXP, String.valueOf(experiment)).replace(RUN, String.valueOf(run))
                .replace(TEAM, String.valueOf(team));
        Response response = request.request(method, url);

        int status = response.statusCode();
        assertThat(status).as(name + ": never a server error").isLessThan(500);
        if (isAllowed(allowed, caller)) {
            assertThat(status).as(name + " is allowed: " + response.asString()).isNotIn(401, 403);
        } else {
            assertThat(status).as(name + " is denied").isEqualTo(caller.equals("anonymous") ? 401 : 403);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    private static boolean isAllowed(String allowed, String caller) {
        if (allowed.equals("open")) {
            return true;
        }
        if (allowed.equals("runner") || caller.equals("runner") || caller.equals("anonymous")) {
            return allowed.equals(caller);
        }
        return RANK.get(caller) >= RANK.get(allowed);
    }

    private static Object[] e(String name, String method, String path, String body, String allowed) {
        return new Object[] {name, method, path, body, allowed};
    }
}

package dev.umbra.api.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.umbra.api.common.Caller;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Deny by default, checked against the running application: every resource method has an access
 * policy, the policy is the one this table names (so a new endpoint needs a deliberate entry, and
 * a changed one shows up in review), and the routes the API description publishes are exactly
 * the resource methods found (no route escapes the enumeration).
 */
@QuarkusTest
class ResourcePolicyTest {

    /** Who may call what. Reading needs a viewer, changing a member, administering the team an admin. */
    static final Map<String, Caller> EXPECTED = expected(
            "POST /api/v1/session", Caller.ANYONE,
            "GET /api/v1/session", Caller.USER,
            "DELETE /api/v1/session", Caller.USER,
            "GET /api/v1/tokens", Caller.USER,
            "POST /api/v1/tokens", Caller.USER_WRITE,
            "DELETE /api/v1/tokens/{id}", Caller.USER,
            "GET /api/v1/teams", Caller.USER,
            "POST /api/v1/teams", Caller.ADMIN,
            "GET /api/v1/teams/{teamId}/members", Caller.VIEWER,
            "POST /api/v1/teams/{teamId}/members", Caller.ADMIN,
            "DELETE /api/v1/teams/{teamId}/members/{userId}", Caller.ADMIN,
            "GET /api/v1/teams/{teamId}/invitations", Caller.ADMIN,
            "DELETE /api/v1/teams/{teamId}/invitations/{invitationId}", Caller.ADMIN,
            "GET /api/v1/invitations", Caller.USER,
            "POST /api/v1/invitations/{id}/accept", Caller.USER_WRITE,
            "POST /api/v1/invitations/{id}/decline", Caller.USER_WRITE,
            "GET /api/v1/audit", Caller.ADMIN,
            "POST /api/v1/runner-tokens", Caller.ADMIN,
            "GET /api/v1/runner-tokens", Caller.ADMIN,
            "DELETE /api/v1/runner-tokens/{id}", Caller.ADMIN,
            "POST /api/v1/platform/runner-tokens", Caller.PLATFORM_ADMIN,
            "GET /api/v1/platform/runner-tokens", Caller.PLATFORM_ADMIN,
            "DELETE /api/v1/platform/runner-tokens/{id}", Caller.PLATFORM_ADMIN,
            "POST /api/v1/artifacts/gc", Caller.PLATFORM_ADMIN,
            "GET /api/v1/catalog", Caller.VIEWER,
            "GET /api/v1/groups", Caller.VIEWER,
            "GET /api/v1/leaderboard", Caller.VIEWER,
            "GET /api/v1/compare", Caller.VIEWER,
            "GET /api/v1/compute", Caller.VIEWER,
            "GET /api/v1/queue", Caller.VIEWER,
            "GET /api/v1/runners", Caller.VIEWER,
            "POST /api/v1/datasets", Caller.MEMBER,
            "GET /api/v1/datasets", Caller.VIEWER,
            "GET /api/v1/datasets/{id}", Caller.VIEWER,
            "POST /api/v1/experiments", Caller.MEMBER,
            "GET /api/v1/experiments", Caller.VIEWER,
            "GET /api/v1/experiments/{id}", Caller.VIEWER,
            "PATCH /api/v1/experiments/{id}", Caller.MEMBER,
            "POST /api/v1/experiments/{id}/archive", Caller.MEMBER,
            "POST /api/v1/experiments/{id}/unarchive", Caller.MEMBER,
            "GET /api/v1/experiments/{id}/overview", Caller.VIEWER,
            "POST /api/v1/experiments/{experimentId}/runs", Caller.MEMBER,
            "GET /api/v1/experiments/{experimentId}/runs", Caller.VIEWER,
            "POST /api/v1/experiments/{experimentId}/sweeps", Caller.MEMBER,
            "GET /api/v1/experiments/{experimentId}/sweeps", Caller.VIEWER,
            "POST /api/v1/experiments/{experimentId}/suites/benchmark", Caller.MEMBER,
            "GET /api/v1/suites/benchmark", Caller.VIEWER,
            "GET /api/v1/runners/pods", Caller.VIEWER,
            "GET /api/v1/sweeps", Caller.VIEWER,
            "GET /api/v1/sweeps/{id}", Caller.VIEWER,
            "GET /api/v1/sweeps/{id}/runs", Caller.VIEWER,
            "POST /api/v1/sweeps/{id}/cancel", Caller.MEMBER,
            "POST /api/v1/sweeps/{id}/seeds", Caller.MEMBER,
            "GET /api/v1/runs", Caller.VIEWER,
            "GET /api/v1/runs/overview", Caller.VIEWER,
            "GET /api/v1/runs/series", Caller.VIEWER,
            "GET /api/v1/runs/{id}", Caller.VIEWER,
            "PATCH /api/v1/runs/{id}", Caller.MEMBER,
            "DELETE /api/v1/runs/{id}", Caller.MEMBER,
            "POST /api/v1/runs/{id}/cancel", Caller.MEMBER,
            "POST /api/v1/runs/{id}/rerun", Caller.MEMBER,
            "GET /api/v1/runs/{id}/reproducibility", Caller.VIEWER,
            "GET /api/v1/runs/{id}/spec-diff", Caller.VIEWER,
            "POST /api/v1/runs/{runId}/metrics", Caller.MEMBER,
            "GET /api/v1/runs/{runId}/metrics", Caller.VIEWER,
            "GET /api/v1/runs/{runId}/metrics/latest", Caller.VIEWER,
            "GET /api/v1/runs/{runId}/results", Caller.VIEWER,
            "GET /api/v1/runs/{runId}/log", Caller.VIEWER,
            "GET /api/v1/configurations/{configHash}", Caller.VIEWER,
            "PATCH /api/v1/configurations/{configHash}", Caller.MEMBER,
            "GET /api/v1/runs/{runId}/artifacts", Caller.VIEWER,
            "GET /api/v1/runs/{runId}/artifacts/{artifactId}/content", Caller.VIEWER,
            "POST /api/v1/runner/register", Caller.RUNNER,
            "POST /api/v1/runner/claim", Caller.RUNNER,
            "POST /api/v1/runner/runs/{runId}/heartbeat", Caller.RUNNER,
            "POST /api/v1/runner/runs/{runId}/results", Caller.RUNNER,
            "PUT /api/v1/runner/runs/{runId}/artifacts/{kind}/{name}", Caller.RUNNER,
            "GET /api/v1/runner/runs/{runId}/artifacts/{kind}/{name}", Caller.RUNNER,
            "POST /api/v1/runner/runs/{runId}/artifacts/{kind}/{name}/upload", Caller.RUNNER,
            "POST /api/v1/runner/runs/{runId}/artifacts/{kind}/{name}/confirm", Caller.RUNNER,
            "GET /api/v1/runner/datasets/{checksum}", Caller.RUNNER,
            "POST /api/v1/runner/runs/{runId}/complete", Caller.RUNNER,
            "POST /api/v1/runner/runs/{runId}/release", Caller.RUNNER);

    @Test
    void everyResourceMethodHasThePolicyTheTableNames() {
        List<Routes.Route> routes = Routes.all();
        assertThat(routes).as("resource methods found in the running application").hasSizeGreaterThan(50);
        assertThat(routes.stream().filter(r -> r.policy().isEmpty()).map(Routes.Route::key))
                .as("resource methods without an access policy (@Allowed): they are refused").isEmpty();
        Map<String, Caller> actual = routes.stream()
                .collect(Collectors.toMap(Routes.Route::key, r -> r.policy().orElseThrow(), (a, b) -> a, LinkedHashMap::new));
        assertThat(actual).as("each route's policy").containsExactlyInAnyOrderEntriesOf(EXPECTED);
    }

    @Test
    void thePublishedRoutesAreExactlyTheResourceMethods() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString()).path("paths");
        Set<String> published = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> published.add(method.toUpperCase() + " " + path.getKey()));
        }
        Set<String> found = Routes.all().stream().map(Routes.Route::key).collect(Collectors.toCollection(TreeSet::new));
        assertThat(found).isEqualTo(published);
    }

    private static Map<String, Caller> expected(Object... pairs) {
        Map<String, Caller> table = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            assertThat(table.put((String) pairs[i], (Caller) pairs[i + 1])).as("listed twice: " + pairs[i]).isNull();
        }
        return table;
    }
}

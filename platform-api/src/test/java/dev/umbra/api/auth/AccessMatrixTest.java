package dev.umbra.api.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.api.TestData;
import dev.umbra.api.Users;
import dev.umbra.api.common.Caller;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every route of the running application × every kind of credential: no credential, a viewer's,
 * member's and admin's token of each scope their role allows, sessions, the platform
 * administrator's token, a team and a platform runner token, and another team's admin and runner
 * token. Allowed means the request got past access control (any answer but 401/403, never a 5xx);
 * denied means 401 without a credential, 403 with one. Another team's credentials never change or
 * read this team's resources (a path naming one answers no 2xx, a read 404). Denied callers also
 * try other spellings of each path (trailing and double slashes, matrix parameters, percent-encoding):
 * none gets through.
 *
 * <p>Bodies are truncated JSON, so allowed state-changing calls stop at validation and change
 * nothing; only a run created for the purpose is deleted.
 */
@QuarkusTest
class AccessMatrixTest {

    private static final String NONE = "9999999";
    private static final String TRUNCATED_JSON = "{\"name\": ";

    /** A credential and what it is: whose, which team role it carries at most, session or token. */
    record Credential(String name, Kind kind, int rank, boolean session, boolean platformAdmin, boolean otherTeam,
                      String secret, String csrf) {

        boolean admits(Caller caller) {
            return switch (caller) {
                case ANYONE -> true;
                case USER -> kind == Kind.USER;
                case USER_WRITE -> kind == Kind.USER && (session || rank >= 2);
                case VIEWER -> kind == Kind.USER && rank >= 1;
                case MEMBER -> kind == Kind.USER && rank >= 2;
                case ADMIN -> kind == Kind.USER && rank >= 3;
                case PLATFORM_ADMIN -> platformAdmin;
                case RUNNER -> kind == Kind.RUNNER;
            };
        }
    }

    enum Kind { NONE, USER, RUNNER }

    @TestFactory
    Stream<DynamicTest> everyCredentialOnEveryRoute() {
        long team = Users.defaultTeam();
        long experiment = TestData.experiment("access-matrix");
        long run = TestData.run(experiment, TestData.spec("simclr", 0));
        long victim = TestData.run(experiment, TestData.spec("simclr", 1));
        Map<String, Object> sample = given().get("/api/v1/datasets").jsonPath().getMap("find { it.name == '" + TestData.SAMPLE + "' }");
        Users.Team other = Users.outsideTeam();
        List<Credential> credentials = credentials(other);
        List<Routes.Route> routes = Routes.all();

        List<DynamicTest> tests = new ArrayList<>();
        for (Routes.Route route : routes) {
            Caller policy = ResourcePolicyTest.EXPECTED.get(route.key());
            String url = url(route, Map.of("experiments", String.valueOf(experiment), "runs",
                    String.valueOf(route.key().equals("DELETE /api/v1/runs/{id}") ? victim : run),
                    "datasets", String.valueOf(sample.get("id")), "teams", String.valueOf(team),
                    "checksum", String.valueOf(sample.get("checksum")),
                    "configHash", given().get("/api/v1/runs/" + run).jsonPath().getString("config_hash")));
            boolean namesOurs = !url.equals(url(route, Map.of()));
            // Callers who must be refused (and the other team) go first, so a permitted DELETE cannot hide a leak.
            List<Credential> ordered = credentials.stream()
                    .sorted(Comparator.comparing(c -> c.admits(policy) && !c.otherTeam())).toList();
            for (Credential caller : ordered) {
                tests.add(DynamicTest.dynamicTest(route.key() + " as " + caller.name(),
                        () -> check(route, policy, url, namesOurs, caller)));
            }
            // The strongest credential the route refuses: a spelling that slipped past the policy would let it in.
            credentials.stream().filter(c -> !c.admits(policy) && !c.otherTeam() && c.kind() != Kind.NONE)
                    .max(Comparator.comparing(Credential::rank)).ifPresent(refused -> {
                        for (String variant : variants(url)) {
                            tests.add(DynamicTest.dynamicTest(route.httpMethod() + " " + variant + " as " + refused.name(),
                                    () -> assertThat(send(route, variant, refused).statusCode())
                                            .as("another spelling of a refused route").isIn(403, 404, 405)));
                        }
                    });
        }
        return tests.stream();
    }

    private static void check(Routes.Route route, Caller policy, String url, boolean namesOurs, Credential caller) {
        Response response = send(route, url, caller);
        int status = response.statusCode();
        String what = route.httpMethod() + " " + url + " as " + caller.name() + ": " + response.asString();
        assertThat(status).as("never a server error: " + what).isLessThan(500);
        if (!caller.admits(policy)) {
            assertThat(status).as("refused: " + what).isEqualTo(caller.kind() == Kind.NONE ? 401 : 403);
            assertThat(response.contentType()).startsWith("application/problem+json");
        } else if (caller.otherTeam() && namesOurs) {
            assertThat(status).as("another team's credential on our resource: " + what).isGreaterThanOrEqualTo(400);
            if (route.httpMethod().equals("GET") && !route.template().startsWith("/api/v1/runner/")) {
                // 400 only for a missing query parameter, checked before any lookup: it says nothing of the resource.
                assertThat(status).as("reads of another team's resources are not found: " + what).isIn(400, 404);
            }
        } else {
            assertThat(status).as("allowed: " + what).isNotIn(401, 403);
        }
    }

    private static Response send(Routes.Route route, String url, Credential caller) {
        Credential credential = route.key().equals("DELETE /api/v1/session") && caller.session()
                ? freshSession(caller) : caller; // signing out ends the session the other routes use
        RequestSpecification request = credential.session()
                ? TestData.anonymous().cookie("umbra_session", credential.secret()).header("X-CSRF-Token", credential.csrf())
                : credential.secret() == null ? TestData.anonymous() : TestData.as(credential.secret());
        request.urlEncodingEnabled(false);
        if (route.consumes().filter(c -> c.equals("application/json")).isPresent()) {
            request.contentType(ContentType.JSON).body(TRUNCATED_JSON);
        } else if (route.consumes().isPresent()) {
            request.contentType(route.consumes().get()).body(new byte[] {1, 2, 3});
        }
        return request.request(route.httpMethod(), url);
    }

    /** The route's path with its parameters filled in: ids of this team's resources where given, else an unknown id. */
    private static String url(Routes.Route route, Map<String, String> ours) {
        String[] segments = route.template().split("/");
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].startsWith("{")) {
                String param = segments[i].substring(1, segments[i].length() - 1);
                segments[i] = switch (param) {
                    case "kind" -> "checkpoint";
                    case "name" -> "x.bin";
                    case "checksum" -> ours.getOrDefault("checksum", "0".repeat(64));
                    case "configHash" -> ours.getOrDefault("configHash", "0".repeat(64));
                    case "runId" -> ours.getOrDefault("runs", NONE);
                    case "experimentId" -> ours.getOrDefault("experiments", NONE);
                    case "teamId" -> ours.getOrDefault("teams", NONE);
                    case "id" -> ours.getOrDefault(segments[i - 1], NONE);
                    default -> NONE;
                };
            }
        }
        return String.join("/", segments);
    }

    private static List<String> variants(String url) {
        return List.of(url + "/", url.replaceFirst("/api/v1/", "/api//v1/"), url.replaceFirst("/api/v1", "/api/v1;x=1"),
                url.replaceFirst("/api/v1/(.)", "/api/v1/%" + Integer.toHexString(url.charAt(8)).toUpperCase()));
    }

    private static List<Credential> credentials(Users.Team other) {
        List<Credential> all = new ArrayList<>();
        all.add(new Credential("no credential", Kind.NONE, 0, false, false, false, null, null));
        String[] scopes = {"read", "write", "admin"};
        String[] roles = {"viewer", "member", "admin"};
        for (int r = 0; r < roles.length; r++) {
            String username = Users.create(roles[r]);
            Users.Session session = Users.signIn(username, Users.PASSWORD);
            all.add(new Credential(roles[r] + " session", Kind.USER, r + 1, true, false, false, session.cookie(), session.csrf()));
            for (int s = 0; s <= r; s++) {
                all.add(new Credential(roles[r] + " " + scopes[s] + " token", Kind.USER, s + 1, false, false, false,
                        Users.token(session, scopes[s]), null));
            }
        }
        all.add(new Credential("platform admin token", Kind.USER, 3, false, true, false, TestData.ADMIN_TOKEN, null));
        all.add(new Credential("team runner token", Kind.RUNNER, 0, false, false, false, Users.runnerToken(), null));
        all.add(new Credential("platform runner token", Kind.RUNNER, 0, false, false, false, Users.platformRunnerToken(), null));
        all.add(new Credential("other team's admin token", Kind.USER, 3, false, false, true, other.adminToken(), null));
        all.add(new Credential("other team's runner token", Kind.RUNNER, 0, false, false, true,
                TestData.as(other.adminToken()).contentType(ContentType.JSON).body("{\"name\": \"theirs\"}")
                        .post("/api/v1/runner-tokens").then().statusCode(201).extract().jsonPath().getString("token"), null));
        return all;
    }

    private static Credential freshSession(Credential caller) {
        String username = given().header("Authorization", "").cookie("umbra_session", caller.secret())
                .get("/api/v1/session").jsonPath().getString("username");
        Users.Session session = Users.signIn(username, Users.PASSWORD);
        return new Credential(caller.name(), caller.kind(), caller.rank(), true, false, false, session.cookie(), session.csrf());
    }
}

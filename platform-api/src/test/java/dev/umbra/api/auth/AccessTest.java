package dev.umbra.api.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.umbra.api.TestData;
import dev.umbra.api.Users;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Users, roles, tokens, sessions and the team boundary, end to end through the API. */
@QuarkusTest
class AccessTest {

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "umbra.embedded.data-dir")
    Path dataDir;

    @Test
    void theFirstStartCreatedAnAdminWhoseTokenIsInAPrivateFile() throws Exception {
        Path file = dataDir.resolve(AdminBootstrap.TOKEN_FILE);
        assertThat(Files.readString(file).strip()).isEqualTo(TestData.ADMIN_TOKEN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        given().get("/api/v1/session").then().statusCode(200)
                .body("username", equalTo("admin")).body("team", equalTo("default")).body("role", equalTo("admin"));
    }

    @Test
    void aTokenIsShownOnceWorksUntilRevokedAndIsStoredOnlyAsAHash() throws Exception {
        Response created = given().contentType(ContentType.JSON).body("{\"name\": \"ci\", \"scope\": \"write\", \"expires_in_days\": 7}")
                .post("/api/v1/tokens");
        created.then().statusCode(201).body("scope", equalTo("write")).body("username", equalTo("admin"));
        String secret = created.jsonPath().getString("token");
        long id = created.jsonPath().getLong("id");
        assertThat(secret).startsWith("umbra_user_").hasSizeGreaterThan(40);
        assertThat(given().get("/api/v1/tokens").jsonPath().getList("findAll { it.id == " + id + " }.token")).containsOnlyNulls();
        assertThat(storedHash(id)).isEqualTo(Tokens.hash(secret)).doesNotContain(secret);

        TestData.as(secret).get("/api/v1/experiments").then().statusCode(200);
        given().delete("/api/v1/tokens/" + id).then().statusCode(204);
        TestData.as(secret).get("/api/v1/experiments").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Response created = given().contentType(ContentType.JSON).body("{\"name\": \"short\", \"scope\": \"read\"}").post("/api/v1/tokens");
        String secret = created.jsonPath().getString("token");
        TestData.as(secret).get("/api/v1/experiments").then().statusCode(200);
        expire(created.jsonPath().getLong("id"));
        // Written behind the platform's back, as another replica would: V16's trigger notifies access_changed at
        // commit and this replica forgets the identity it remembered within milliseconds, long before the 5 s of
        // umbra.auth.identity-cache would have.
        assertThat(refusedWithin(secret, Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void aTokenRevokedBehindThisReplicasBackIsRefusedAtOnce() throws Exception {
        Response created = given().contentType(ContentType.JSON).body("{\"name\": \"elsewhere\", \"scope\": \"read\"}").post("/api/v1/tokens");
        String secret = created.jsonPath().getString("token");
        TestData.as(secret).get("/api/v1/experiments").then().statusCode(200); // now remembered
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE api_token SET revoked_at = now() WHERE id = ?")) {
            s.setLong(1, created.jsonPath().getLong("id"));
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        assertThat(refusedWithin(secret, Duration.ofSeconds(2))).isTrue();
    }

    /** Whether requests with this secret are refused (401) before the timeout: a notification reaches the cache asynchronously. */
    private static boolean refusedWithin(String secret, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (TestData.as(secret).get("/api/v1/experiments").statusCode() == 401) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    void aTokensScopeCapsItsRoleAndNobodyMintsAboveTheirRole() {
        String readOnly = given().contentType(ContentType.JSON).body("{\"name\": \"ro\", \"scope\": \"read\"}")
                .post("/api/v1/tokens").jsonPath().getString("token");
        TestData.as(readOnly).get("/api/v1/experiments").then().statusCode(200);
        TestData.as(readOnly).contentType(ContentType.JSON).body("{\"name\": \"x\"}").post("/api/v1/experiments").then().statusCode(403);

        Users.Session viewer = Users.signIn(Users.create("viewer"), Users.PASSWORD);
        TestData.anonymous().cookie("umbra_session", viewer.cookie()).header("X-CSRF-Token", viewer.csrf())
                .contentType(ContentType.JSON).body("{\"name\": \"up\", \"scope\": \"write\"}").post("/api/v1/tokens")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("scope"));
        TestData.as(Users.token(viewer, "read")).contentType(ContentType.JSON).body("{\"name\": \"any\", \"scope\": \"read\"}")
                .post("/api/v1/tokens").then().statusCode(403);
    }

    @Test
    void membersSeeOnlyTheirOwnTokensAndAdminsSeeAll() {
        String member = Users.tokenOf("member");
        long adminTokenId = given().contentType(ContentType.JSON).body("{\"name\": \"admins\", \"scope\": \"read\"}")
                .post("/api/v1/tokens").jsonPath().getLong("id");
        List<String> owners = TestData.as(member).get("/api/v1/tokens").jsonPath().getList("username");
        assertThat(owners).isNotEmpty().allMatch(u -> u.startsWith("member-"));
        TestData.as(member).delete("/api/v1/tokens/" + adminTokenId).then().statusCode(404);
        assertThat(given().get("/api/v1/tokens").jsonPath().getList("username", String.class)).contains("admin").anyMatch(u -> u.startsWith("member-"));
    }

    @Test
    void removingAMemberEndsTheirAccessAtOnce() {
        String username = Users.create("member");
        String token = Users.token(Users.signIn(username, Users.PASSWORD), "write");
        TestData.as(token).get("/api/v1/experiments").then().statusCode(200);
        long userId = given().get("/api/v1/teams/" + Users.defaultTeam() + "/members").jsonPath()
                .getLong("find { it.username == '" + username + "' }.user_id");
        given().delete("/api/v1/teams/" + Users.defaultTeam() + "/members/" + userId).then().statusCode(204);
        TestData.as(token).get("/api/v1/experiments").then().statusCode(401);
    }

    @Test
    void anotherTeamsWorkIsNotFoundByGuessingIds() {
        Users.Team other = Users.newTeam();
        long theirs = TestData.as(other.adminToken()).contentType(ContentType.JSON).body("{\"name\": \"secret plans\"}")
                .post("/api/v1/experiments").then().statusCode(201).extract().jsonPath().getLong("id");
        long theirRun = TestData.as(other.adminToken()).contentType(ContentType.JSON).body(TestData.spec("byol", 1))
                .post("/api/v1/experiments/" + theirs + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");

        given().get("/api/v1/experiments/" + theirs).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/runs/" + theirRun).then().statusCode(404);
        given().get("/api/v1/runs/" + theirRun + "/metrics").then().statusCode(404);
        given().post("/api/v1/runs/" + theirRun + "/cancel").then().statusCode(404);
        assertThat(given().queryParam("name", "secret plans").get("/api/v1/experiments").jsonPath().getList("items")).isEmpty();
        TestData.as(other.adminToken()).get("/api/v1/runs/" + theirRun).then().statusCode(200).body("status", equalTo("QUEUED"));
        given().get("/api/v1/teams/" + other.id() + "/members").then().statusCode(404);
    }

    @Test
    void aSessionNeedsItsCsrfTokenToChangeAnythingAndEndsAtSignOut() {
        Users.Session session = Users.signIn("admin", TestData.ADMIN_PASSWORD);
        Response signIn = TestData.anonymous().contentType(ContentType.JSON)
                .body("{\"username\": \"admin\", \"password\": \"" + TestData.ADMIN_PASSWORD + "\"}").post("/api/v1/session");
        assertThat(signIn.getDetailedCookie("umbra_session").isHttpOnly()).isTrue();
        assertThat(signIn.getDetailedCookie("umbra_session").getSameSite()).isEqualTo("Strict");
        assertThat(signIn.getDetailedCookie("umbra_csrf").isHttpOnly()).isFalse();

        TestData.anonymous().cookie("umbra_session", session.cookie()).get("/api/v1/experiments").then().statusCode(200);
        TestData.anonymous().cookie("umbra_session", session.cookie()).contentType(ContentType.JSON).body("{\"name\": \"csrf\"}")
                .post("/api/v1/experiments").then().statusCode(403).body("type", equalTo("urn:umbra:problem:csrf"));
        TestData.anonymous().cookie("umbra_session", session.cookie()).header("X-CSRF-Token", session.csrf())
                .contentType(ContentType.JSON).body("{\"name\": \"with csrf\"}").post("/api/v1/experiments").then().statusCode(201);

        TestData.anonymous().cookie("umbra_session", session.cookie()).header("X-CSRF-Token", session.csrf())
                .delete("/api/v1/session").then().statusCode(204);
        TestData.anonymous().cookie("umbra_session", session.cookie()).get("/api/v1/experiments").then().statusCode(401);
    }

    @Test
    void repeatedFailedSignInsLockTheUsernameEvenForTheRightPassword() {
        String user = Users.create("member");
        String other = Users.create("member");
        for (int i = 0; i < 5; i++) {
            signIn(user, "wrong " + i).then().statusCode(401);
        }

        signIn(user, Users.PASSWORD).then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", Integer::parseInt, greaterThan(0))
                .body("type", containsString("sign-in-throttled"));
        signIn(user.toUpperCase(), Users.PASSWORD).then().statusCode(429);
        signIn(other, Users.PASSWORD).then().statusCode(200);
    }

    @Test
    void aSuccessfulSignInClearsEarlierFailures() {
        String user = Users.create("viewer");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 4; i++) {
                signIn(user, "wrong").then().statusCode(401);
            }
            signIn(user, Users.PASSWORD).then().statusCode(200);
        }
    }

    private static Response signIn(String username, String password) {
        return TestData.anonymous().contentType(ContentType.JSON)
                .body("{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}").post("/api/v1/session");
    }

    @Test
    void aWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() {
        String wrongPassword = TestData.anonymous().contentType(ContentType.JSON)
                .body("{\"username\": \"admin\", \"password\": \"nope\"}").post("/api/v1/session")
                .then().statusCode(401).extract().jsonPath().getString("detail");
        String noSuchUser = TestData.anonymous().contentType(ContentType.JSON)
                .body("{\"username\": \"nobody-at-all\", \"password\": \"nope\"}").post("/api/v1/session")
                .then().statusCode(401).extract().jsonPath().getString("detail");
        assertThat(wrongPassword).isEqualTo(noSuchUser);
    }

    @Test
    void metricIngestionIsRateLimitedPerToken() {
        String token = Users.tokenOf("member");
        long run = TestData.run(TestData.experiment(), TestData.spec("simclr", 3));
        String body = "{\"points\": [{\"key\": \"custom/x\", \"step\": 1, \"value\": 1}]}";
        Response limited = null;
        for (int i = 0; i < 200 && limited == null; i++) {
            Response response = TestData.as(token).contentType(ContentType.JSON).body(body).post("/api/v1/runs/" + run + "/metrics");
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
            }
        }
        assertThat(limited).as("a 429 within 200 requests").isNotNull();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        // Another token has its own bucket.
        TestData.as(Users.tokenOf("member")).contentType(ContentType.JSON).body(body).post("/api/v1/runs/" + run + "/metrics")
                .then().statusCode(200);
    }

    @Test
    void stateChangingActionsAreAuditedForAdminsOnly() {
        String username = Users.create("member");
        String token = Users.token(Users.signIn(username, Users.PASSWORD), "write");
        long id = TestData.as(token).contentType(ContentType.JSON).body("{\"name\": \"audited\"}").post("/api/v1/experiments")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        Response audit = given().get("/api/v1/audit?limit=20");
        audit.then().statusCode(200);
        assertThat(audit.jsonPath().getList("items.findAll { it.actor == '" + username + "' }.path", String.class))
                .contains("/api/v1/experiments", "/api/v1/tokens");
        assertThat(audit.jsonPath().getString("items.find { it.path == '/api/v1/experiments' && it.actor == '" + username + "' }.method"))
                .isEqualTo("POST");
        TestData.as(token).get("/api/v1/audit").then().statusCode(403);
        assertThat(id).isPositive();
    }

    @Test
    void responsesCarrySecurityHeadersAndNoCorsGrant() {
        Response api = given().header("Origin", "https://evil.example").get("/api/v1/experiments");
        Response portal = TestData.anonymous().get("/");
        for (Response response : List.of(api, portal)) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
            assertThat(response.header("Access-Control-Allow-Origin")).isNull();
        }
        assertThat(api.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void noSecretIsWrittenToTheLog() throws Exception {
        Users.tokenOf("member");
        Users.runnerToken();
        String log = Files.readString(Path.of("target", "quarkus-test.log"));
        assertThat(log).contains("Created the first admin").doesNotContain(TestData.ADMIN_TOKEN, TestData.ADMIN_PASSWORD);
        assertThat(Pattern.compile("umbra_(user|runner|session)_[A-Za-z0-9_-]{43}").matcher(log).find()).isFalse();
    }

    private String storedHash(long id) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT token_hash FROM api_token WHERE id = ?")) {
            s.setLong(1, id);
            var rs = s.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }

    /** Moves a token's expiry into the past: the API never mints an already-expired token. */
    private void expire(long id) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE api_token SET expires_at = now() - interval '1 second' WHERE id = ?")) {
            s.setLong(1, id);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }
}

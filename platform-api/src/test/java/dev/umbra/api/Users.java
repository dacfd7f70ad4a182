package dev.umbra.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.UUID;

/** Creates users, sessions and tokens through the public API, as an admin and the users would. */
public final class Users {

    public static final String PASSWORD = "a long enough password";

    /** A portal session: the cookie's secret and the CSRF token to repeat. */
    public record Session(String cookie, String csrf) {
    }

    /** A team created for a test, with a token of its admin (the first admin, who created it). */
    public record Team(long id, String adminToken) {
    }

    private Users() {
    }

    /** The team the admin token acts for. */
    public static long defaultTeam() {
        return given().get("/api/v1/session").then().statusCode(200).extract().jsonPath().getLong("team_id");
    }

    /** A new user of the default team with this role (viewer, member, admin); returns the username. */
    public static String create(String role) {
        String username = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body("{\"username\": \"" + username + "\", \"role\": \"" + role + "\", \"password\": \"" + PASSWORD + "\"}")
                .post("/api/v1/teams/" + defaultTeam() + "/members").then().statusCode(200);
        return username;
    }

    public static Session signIn(String username, String password) {
        Response response = TestData.anonymous().contentType(ContentType.JSON)
                .body("{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}").post("/api/v1/session");
        response.then().statusCode(200);
        return new Session(response.cookie("umbra_session"), response.jsonPath().getString("csrf_token"));
    }

    /** A token with this scope (read, write, admin) made by the user through their portal session. */
    public static String token(Session session, String scope) {
        return TestData.anonymous().cookie("umbra_session", session.cookie()).header("X-CSRF-Token", session.csrf())
                .contentType(ContentType.JSON).body("{\"name\": \"test\", \"scope\": \"" + scope + "\"}")
                .post("/api/v1/tokens").then().statusCode(201).extract().jsonPath().getString("token");
    }

    /** A token of a new user with this role, scoped to the role (viewer: read, member: write, admin: admin). */
    public static String tokenOf(String role) {
        String scope = switch (role) {
            case "viewer" -> "read";
            case "member" -> "write";
            default -> "admin";
        };
        return token(signIn(create(role), PASSWORD), scope);
    }

    /** A new team (the first admin becomes its admin) and an admin token acting for it, made through their session. */
    public static Team newTeam() {
        long id = given().contentType(ContentType.JSON).body("{\"name\": \"team-" + UUID.randomUUID() + "\"}")
                .post("/api/v1/teams").then().statusCode(201).extract().jsonPath().getLong("id");
        Session session = signIn("admin", TestData.ADMIN_PASSWORD);
        String token = TestData.anonymous().cookie("umbra_session", session.cookie()).header("X-CSRF-Token", session.csrf())
                .contentType(ContentType.JSON).body("{\"name\": \"other team\", \"scope\": \"admin\", \"team_id\": " + id + "}")
                .post("/api/v1/tokens").then().statusCode(201).extract().jsonPath().getString("token");
        return new Team(id, token);
    }

    /**
     * A new team whose only member is a new user (not the first admin, who belongs to every test
     * team): an admin token of someone entirely outside the default team.
     */
    public static Team outsideTeam() {
        Team team = newTeam();
        String username = "outsider-" + UUID.randomUUID().toString().substring(0, 8);
        TestData.as(team.adminToken()).contentType(ContentType.JSON)
                .body("{\"username\": \"" + username + "\", \"role\": \"admin\", \"password\": \"" + PASSWORD + "\"}")
                .post("/api/v1/teams/" + team.id() + "/members").then().statusCode(200);
        return new Team(team.id(), token(signIn(username, PASSWORD), "admin"));
    }

    /** A platform runner token (its runners serve every team), minted by the first admin, a platform administrator. */
    public static String platformRunnerToken() {
        return given().contentType(ContentType.JSON).body("{\"name\": \"shared pool\"}").post("/api/v1/platform/runner-tokens")
                .then().statusCode(201).extract().jsonPath().getString("token");
    }

    /** A runner token of the default team (the first admin's). */
    public static String runnerToken() {
        return given().contentType(ContentType.JSON).body("{\"name\": \"test runners\"}").post("/api/v1/runner-tokens")
                .then().statusCode(201).extract().jsonPath().getString("token");
    }
}

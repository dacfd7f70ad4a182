package dev.umbra.api.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.umbra.api.RunnerPlayer;
import dev.umbra.api.TestData;
import dev.umbra.api.Users;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two teams on one platform: what one team's credentials can reach of the other's. The default
 * team is "ours" (the first admin's); the other team is made by a user who belongs only to it.
 */
@QuarkusTest
class TenancyTest {

    private static final Path ROOT = Path.of(System.getProperty("java.io.tmpdir"), "umbra-test-datasets");

    @Test
    void aTeamRunnerTokenClaimsOnlyItsTeamsRunsAndAPlatformRunnerTokenAnyTeams() {
        Users.Team other = Users.outsideTeam();
        long ours = TestData.run(TestData.experiment(), TestData.spec("simclr", 7));
        RunnerPlayer theirs = RunnerPlayer.register(runnerTokenOf(other));

        assertThat(theirs.claimAny()).as("their runner finds none of our runs").isEqualTo(-1);
        int attempt = RunnerPlayer.register(Users.platformRunnerToken()).claim(ours);
        assertThat(attempt).isEqualTo(1);
        // Their runner holds none of our runs, so it can neither report on ours nor read it.
        TestData.as(theirs.token()).contentType(ContentType.JSON)
                .body("{\"runner_id\": " + theirs.runnerId() + ", \"attempt\": 1, \"metrics\": [{\"key\": \"x\", \"step\": 1, \"value\": 1}]}")
                .post("/api/v1/runner/runs/" + ours + "/heartbeat").then().statusCode(409);
        assertThat(theirs.dataset(sampleChecksum(), ours, 1).statusCode()).isIn(404, 409);
    }

    @Test
    void aRunnerFetchesTheDatasetOfTheTeamWhoseRunItHoldsNeverAnothersByChecksum() throws Exception {
        Users.Team other = Users.outsideTeam();
        String checksum = UUID.randomUUID().toString().replace("-", "").repeat(2);
        Path ourDir = Files.createDirectories(ROOT.resolve("team-" + Users.defaultTeam()).resolve("ours-" + UUID.randomUUID()));
        Files.writeString(ourDir.resolve("secret.txt"), "our data");
        Path theirDir = Files.createDirectories(ROOT.resolve("team-" + other.id()).resolve("theirs-" + UUID.randomUUID()));
        Files.writeString(theirDir.resolve("public.txt"), "their data");
        register(TestData.as(TestData.ADMIN_TOKEN), "ours-" + checksum.substring(0, 6), ourDir, checksum).statusCode(201);
        String theirName = "theirs-" + checksum.substring(0, 6);
        register(TestData.as(other.adminToken()), theirName, theirDir, checksum).statusCode(201);
        long theirExperiment = TestData.as(other.adminToken()).contentType(ContentType.JSON).body("{\"name\": \"e\"}")
                .post("/api/v1/experiments").then().statusCode(201).extract().jsonPath().getLong("id");
        long theirRun = TestData.as(other.adminToken()).contentType(ContentType.JSON)
                .body(TestData.spec("simclr", 1).replace(TestData.SAMPLE, theirName))
                .post("/api/v1/experiments/" + theirExperiment + "/runs").then().statusCode(201).extract().jsonPath().getLong("id");
        RunnerPlayer theirRunner = RunnerPlayer.register(runnerTokenOf(other));
        int attempt = theirRunner.claim(theirRun);

        byte[] zip = theirRunner.dataset(checksum, theirRun, attempt).then().statusCode(200).extract().asByteArray();

        assertThat(RunnerPlayer.zipEntries(zip)).containsExactly("public.txt");
        theirRunner.dataset(checksum, theirRun, attempt + 1).then().statusCode(409);
        TestData.as(theirRunner.token()).get("/api/v1/runner/datasets/" + checksum).then().statusCode(400)
                .body("errors[0].field", equalTo("run_id"));
    }

    @Test
    void aDatasetLocationMustLieInTheRegisteringTeamsFolder() throws Exception {
        Users.Team other = Users.outsideTeam();
        Path ourDir = Files.createDirectories(ROOT.resolve("team-" + Users.defaultTeam()).resolve("owned-" + UUID.randomUUID()));
        Path theirFolder = Files.createDirectories(ROOT.resolve("team-" + other.id()));
        Path link = Files.createSymbolicLink(theirFolder.resolve("link-" + UUID.randomUUID()), ourDir);

        register(TestData.as(other.adminToken()), "grab", ourDir, "a".repeat(64)).statusCode(400)
                .body("errors[0].field", equalTo("location"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("team-" + other.id()));
        register(TestData.as(other.adminToken()), "grab-root", ROOT.resolve("loose"), "a".repeat(64)).statusCode(400);
        register(TestData.as(other.adminToken()), "grab-link", link, "a".repeat(64)).statusCode(400)
                .body("errors[0].message", org.hamcrest.Matchers.containsString("symbolic link"));
        given().get("/api/v1/teams").then().body("find { it.id == " + Users.defaultTeam() + " }.datasets_folder",
                equalTo("team-" + Users.defaultTeam()));
    }

    @Test
    void aTokenNeverCreatesOneAboveItselfAndAReadTokenCreatesNothing() {
        String adminUser = Users.create("admin");
        Users.Session session = Users.signIn(adminUser, Users.PASSWORD);
        String read = Users.token(session, "read");
        String write = Users.token(session, "write");
        Users.Team theirs = Users.newTeam(); // the first admin's second team; our admin is not in it

        TestData.as(read).contentType(ContentType.JSON).body("{\"name\": \"x\", \"scope\": \"read\"}").post("/api/v1/tokens")
                .then().statusCode(403);
        TestData.as(write).contentType(ContentType.JSON).body("{\"name\": \"x\", \"scope\": \"admin\"}").post("/api/v1/tokens")
                .then().statusCode(400).body("errors.field", hasItem("scope"));
        TestData.as(write).contentType(ContentType.JSON).body("{\"name\": \"x\", \"scope\": \"write\"}").post("/api/v1/tokens")
                .then().statusCode(201);
        TestData.as(write).contentType(ContentType.JSON).body("{\"name\": \"x\"}").post("/api/v1/runner-tokens").then().statusCode(403);
        // The first admin's write token for the default team may not mint for their other team, even at read.
        String firstAdminsWrite = given().contentType(ContentType.JSON).body("{\"name\": \"w\", \"scope\": \"write\"}")
                .post("/api/v1/tokens").jsonPath().getString("token");
        TestData.as(firstAdminsWrite).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"scope\": \"read\", \"team_id\": " + theirs.id() + "}").post("/api/v1/tokens")
                .then().statusCode(400).body("errors[0].field", equalTo("team_id"));
        TestData.as(read).contentType(ContentType.JSON).body("{\"name\": \"t\"}").post("/api/v1/teams").then().statusCode(403);
    }

    @Test
    void noSpellingOfAPathSkipsThePolicy() {
        String member = Users.tokenOf("member");
        for (String path : List.of("/api/v1/teams/", "/api/v1//teams", "/api/v1/teams;x=1", "/api/v1/t%65ams", "/api/v1/artifacts/gc/",
                "/api/v1/runner-tokens/", "/api//v1/platform/runner-tokens")) {
            int status = TestData.as(member).urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"name\": \"mine\"}")
                    .post(path).statusCode();
            assertThat(status).as(path).isIn(403, 404, 405);
        }
    }

    @Test
    void platformRunnerTokensAndBlobCollectionNeedAPlatformAdministrator() {
        String teamAdmin = Users.tokenOf("admin");
        TestData.as(teamAdmin).contentType(ContentType.JSON).body("{\"name\": \"pool\"}").post("/api/v1/platform/runner-tokens")
                .then().statusCode(403);
        TestData.as(teamAdmin).post("/api/v1/artifacts/gc").then().statusCode(403);
        // The platform's metrics count every team's runs: not for a team admin, nor anyone on the network.
        TestData.as(teamAdmin).get("/q/metrics").then().statusCode(403);
        TestData.anonymous().get("/q/metrics").then().statusCode(401);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/api/v1/session").then().body("platform_admin", equalTo(true));
        TestData.as(teamAdmin).get("/api/v1/session").then().body("platform_admin", equalTo(false));
        long id = given().contentType(ContentType.JSON).body("{\"name\": \"pool\"}").post("/api/v1/platform/runner-tokens")
                .then().statusCode(201).body("team_id", equalTo(null)).extract().jsonPath().getLong("id");
        TestData.as(teamAdmin).delete("/api/v1/runner-tokens/" + id).then().statusCode(404);
        given().delete("/api/v1/platform/runner-tokens/" + id).then().statusCode(204);
    }

    @Test
    void queueAndRunnersShowOnlyWhatIsTheTeams() {
        Users.Team other = Users.outsideTeam();
        RunnerPlayer theirs = RunnerPlayer.register(runnerTokenOf(other));
        TestData.run(TestData.experiment(), TestData.spec("byol", 3));

        assertThat(given().get("/api/v1/runners").jsonPath().getList("id", Long.class)).doesNotContain(theirs.runnerId());
        assertThat(TestData.as(other.adminToken()).get("/api/v1/runners").jsonPath().getList("id", Long.class))
                .contains(theirs.runnerId());
        TestData.as(other.adminToken()).get("/api/v1/queue").then().statusCode(200)
                .body("runs_by_state.QUEUED", equalTo(0)).body("queued.size()", equalTo(0));
    }

    @Test
    void anExistingUserJoinsAnotherTeamOnlyByAcceptingAnInvitation() {
        Users.Team other = Users.outsideTeam();
        String outsider = TestData.as(other.adminToken()).get("/api/v1/session").jsonPath().getString("username");
        String teamAdmin = Users.tokenOf("admin");
        long ours = Users.defaultTeam();

        long invitation = TestData.as(teamAdmin).contentType(ContentType.JSON)
                .body("{\"username\": \"" + outsider + "\", \"role\": \"member\", \"password\": \"" + "x".repeat(20) + "\"}")
                .post("/api/v1/teams/" + ours + "/members").then().statusCode(202)
                .body("username", equalTo(outsider)).extract().jsonPath().getLong("id");
        assertThat(given().get("/api/v1/teams/" + ours + "/members").jsonPath().getList("username")).doesNotContain(outsider);
        TestData.anonymous().contentType(ContentType.JSON)
                .body("{\"username\": \"" + outsider + "\", \"password\": \"" + "x".repeat(20) + "\"}")
                .post("/api/v1/session").then().statusCode(401);

        TestData.as(other.adminToken()).get("/api/v1/invitations").then().body("id", hasItem((int) invitation));
        TestData.as(other.adminToken()).post("/api/v1/invitations/" + invitation + "/accept").then().statusCode(200)
                .body("id", equalTo((int) ours)).body("role", equalTo("member"));
        assertThat(given().get("/api/v1/teams/" + ours + "/members").jsonPath().getList("username")).contains(outsider);
    }

    @Test
    void aPlatformAdministratorAddsAnExistingUserAtOnceAndTeamNamesSayNothingAboutOtherTeams() {
        Users.Team other = Users.outsideTeam();
        String outsider = TestData.as(other.adminToken()).get("/api/v1/session").jsonPath().getString("username");

        // Another team may be called "default" too: the name of ours is not theirs to learn.
        TestData.as(other.adminToken()).contentType(ContentType.JSON).body("{\"name\": \"default\"}").post("/api/v1/teams")
                .then().statusCode(201);
        TestData.as(other.adminToken()).contentType(ContentType.JSON).body("{\"name\": \"default\"}").post("/api/v1/teams")
                .then().statusCode(409);
        given().contentType(ContentType.JSON).body("{\"username\": \"" + outsider + "\", \"role\": \"viewer\"}")
                .post("/api/v1/teams/" + Users.defaultTeam() + "/members").then().statusCode(200).body("role", equalTo("viewer"));
    }

    private static String runnerTokenOf(Users.Team team) {
        return TestData.as(team.adminToken()).contentType(ContentType.JSON).body("{\"name\": \"their runners\"}")
                .post("/api/v1/runner-tokens").then().statusCode(201).body("team_id", equalTo((int) team.id()))
                .extract().jsonPath().getString("token");
    }

    private static String sampleChecksum() {
        return given().get("/api/v1/datasets").jsonPath().getString("find { it.name == '" + TestData.SAMPLE + "' }.checksum");
    }

    private static io.restassured.response.ValidatableResponse register(io.restassured.specification.RequestSpecification as,
                                                                       String name, Path location, String checksum) {
        return as.contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"format\": \"idx\", \"num_classes\": 10, \"channels\": 1, "
                        + "\"height\": 28, \"width\": 28, \"checksum\": \"" + checksum + "\", \"location\": \"" + location + "\"}")
                .post("/api/v1/datasets").then();
    }
}

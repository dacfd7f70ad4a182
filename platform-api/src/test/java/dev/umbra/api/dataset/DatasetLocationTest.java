package dev.umbra.api.dataset;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.umbra.api.RunnerPlayer;
import dev.umbra.api.TestData;
import dev.umbra.api.Users;
import dev.umbra.client.dataset.DatasetManifest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dataset's location must stay inside the team's folder under {@code umbra.datasets.roots} (the
 * test profile's second root is {@code <tmpdir>/umbra-test-datasets}), when it is registered and
 * each time runners read it.
 */
@QuarkusTest
class DatasetLocationTest {

    private Path root;
    private Path folder;

    @BeforeEach
    void prepare() throws Exception {
        root = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "umbra-test-datasets"));
        folder = Files.createDirectories(root.resolve("team-" + Users.defaultTeam()));
    }

    @Test
    void aDirectoryInsideARootIsServedWithoutLinksLeadingOutOfTheRoots() throws Exception {
        Path dir = Files.createDirectories(folder.resolve("ok-" + UUID.randomUUID()));
        Files.writeString(dir.resolve("labels.txt"), "0 1 2");
        Files.createSymbolicLink(dir.resolve("passwd"), Path.of("/etc/passwd"));
        Path shared = Files.writeString(folder.resolve("shared-" + UUID.randomUUID() + ".txt"), "shared");
        Files.createSymbolicLink(dir.resolve("shared.txt"), shared);
        Path elsewhere = Files.writeString(root.resolve("loose-" + UUID.randomUUID() + ".txt"), "not the team's");
        Files.createSymbolicLink(dir.resolve("loose.txt"), elsewhere);
        String checksum = randomChecksum();

        String name = register(dir.toString(), checksum).statusCode(201).extract().jsonPath().getString("name");

        byte[] zip = fetchAsHolderOfARunOn(name, checksum)
                .then().statusCode(200).extract().asByteArray();
        assertThat(RunnerPlayer.zipEntries(zip)).as("links inside the team's folder are served, others not").containsExactly("labels.txt", "shared.txt");
    }

    /** From a browser, which cannot read the platform's disk: the platform computes the manifest checksum itself. */
    @Test
    void aDatasetRegisteredWithoutAChecksumGetsTheChecksumOfItsFiles() throws Exception {
        Path dir = Files.createDirectories(folder.resolve("portal-" + UUID.randomUUID()));
        Files.writeString(dir.resolve("labels.txt"), "0 1 2");
        String expected = DatasetManifest.of(dir).checksum();

        assertThat(register(dir.toString(), null).statusCode(201).extract().jsonPath().getString("checksum")).isEqualTo(expected);

        Path empty = Files.createDirectories(folder.resolve("empty-" + UUID.randomUUID()));
        register(empty.toString(), null).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("location")).body("errors[0].message", equalTo("holds no files"));
    }

    @Test
    void aLinkLeadingOutOfTheRootsIsRefusedAtRegistration() throws Exception {
        Path link = Files.createSymbolicLink(folder.resolve("escape-" + UUID.randomUUID()), Path.of("/etc"));

        register(link.toString(), randomChecksum()).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("location"))
                .body("errors[0].message", containsString("symbolic link"));
    }

    @Test
    void aLocationSwappedForALinkAfterRegistrationIsNotServed() throws Exception {
        Path later = folder.resolve("later-" + UUID.randomUUID());
        String checksum = randomChecksum();
        String name = register(later.toString(), checksum).statusCode(201).extract().jsonPath().getString("name");
        Files.createSymbolicLink(later, Path.of("/etc"));

        fetchAsHolderOfARunOn(name, checksum)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("dataset-unavailable"));
    }

    @Test
    void pathsOutsideTheRootsAreRefusedNamingTheRoots() {
        register("/etc", randomChecksum()).statusCode(400)
                .body("errors[0].field", equalTo("location"))
                .body("errors[0].message", containsString("umbra-test-datasets/team-"));
    }

    /** Submits a run on the dataset, claims it with a new runner of the team and fetches the dataset as its holder. */
    private static io.restassured.response.Response fetchAsHolderOfARunOn(String dataset, String checksum) {
        long run = TestData.run(TestData.experiment(), TestData.spec("simclr", 1).replace(TestData.SAMPLE, dataset));
        RunnerPlayer runner = RunnerPlayer.register();
        return runner.dataset(checksum, run, runner.claim(run));
    }

    private static ValidatableResponse register(String location, String checksum) {
        String name = "located-" + UUID.randomUUID().toString().substring(0, 8);
        return given().contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"format\": \"idx\", \"num_classes\": 10, \"channels\": 1, "
                        + "\"height\": 28, \"width\": 28, " + (checksum == null ? "" : "\"checksum\": \"" + checksum + "\", ")
                        + "\"location\": \""
                        + location + "\"}")
                .post("/api/v1/datasets").then();
    }

    private static String randomChecksum() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

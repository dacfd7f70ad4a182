package dev.umbra.api.dataset;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.umbra.api.TestData;
import dev.umbra.api.Users;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A dataset's facts are stored, returned, and resolve the recipes of runs and sweeps on it. */
@QuarkusTest
class DatasetFactsTest {

    @Test
    void flipsAreKeptByDefaultAndLeftOutOfRunsOnADatasetWhoseFlipsChangeLabels() throws Exception {
        String photos = register(null).statusCode(201).body("hflip_preserves_labels", equalTo(true))
                .extract().jsonPath().getString("name");
        JsonPath registered = register(false).statusCode(201).extract().jsonPath();
        String digits = registered.getString("name");
        assertThat(given().get("/api/v1/datasets/" + registered.getLong("id")).jsonPath()
                .getBoolean("hflip_preserves_labels")).isFalse();

        long experiment = TestData.experiment();
        String spec = TestData.spec("simclr", 1);
        JsonPath onPhotos = runOn(experiment, spec.replace(TestData.SAMPLE, photos));
        JsonPath onDigits = runOn(experiment, spec.replace(TestData.SAMPLE, digits));

        assertThat(onPhotos.getDouble("resolved_spec.augmentation.view1.flip_prob")).isEqualTo(0.5);
        assertThat(onDigits.getDouble("resolved_spec.augmentation.view1.flip_prob")).isEqualTo(0.0);
        assertThat(onDigits.getDouble("resolved_spec.augmentation.view2.flip_prob")).isEqualTo(0.0);
        // Both datasets have the same checksum here: only the effective flip tells the configs apart.
        assertThat(onDigits.getString("config_hash")).isNotEqualTo(onPhotos.getString("config_hash"));
    }

    @Test
    void aFlipAskedForOnADatasetWhoseFlipsChangeLabelsIsABadField() throws Exception {
        String digits = register(false).statusCode(201).extract().jsonPath().getString("name");
        String spec = TestData.spec("simclr", 1).replace(TestData.SAMPLE, digits)
                .replace("\"epochs\"", "\"augmentation\": {\"params\": {\"flip_prob\": 0.5}}, \"epochs\"");

        given().contentType(ContentType.JSON).body(spec).post("/api/v1/experiments/" + TestData.experiment() + "/runs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("augmentation.view1.flip_prob",
                        "augmentation.view2.flip_prob"))
                .body("errors[0].message", containsString("hflip_preserves_labels"));
    }

    @Test
    void aBatchLargerThanTheDatasetsTrainingImagesIsABadField() throws Exception {
        String small = given().contentType(ContentType.JSON).body(body(location(), null).replace("\"format\"",
                        "\"train_count\": 20, \"format\""))
                .post("/api/v1/datasets").then().statusCode(201).extract().jsonPath().getString("name");
        long experiment = TestData.experiment();
        String spec = TestData.spec("simclr", 1).replace(TestData.SAMPLE, small);

        given().contentType(ContentType.JSON).body(spec).post("/api/v1/experiments/" + experiment + "/runs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("batch_size"))
                .body("errors[0].message", equalTo("must be at most the 20 training images of dataset " + small
                        + " (a run that trains needs one whole batch)"));
        runOn(experiment, spec.replace("\"batch_size\": 32", "\"batch_size\": 16"));
        runOn(experiment, TestData.spec("raw-pixels", 1).replace(TestData.SAMPLE, small));
    }

    @Test
    void aFactOfTheWrongTypeIsABadField() throws Exception {
        given().contentType(ContentType.JSON).body(body(location(), "\"no\"")).post("/api/v1/datasets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("hflip_preserves_labels"));
    }

    private static JsonPath runOn(long experiment, String spec) {
        long id = TestData.run(experiment, spec);
        return given().get("/api/v1/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Registers a fresh dataset directory of the default team, with the fact absent when null. */
    private static ValidatableResponse register(Boolean hflipPreservesLabels) throws Exception {
        return given().contentType(ContentType.JSON)
                .body(body(location(), hflipPreservesLabels == null ? null : hflipPreservesLabels.toString()))
                .post("/api/v1/datasets").then();
    }

    private static String location() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "umbra-test-datasets",
                "team-" + Users.defaultTeam(), "facts-" + UUID.randomUUID()));
        return dir.toString();
    }

    private static String body(String location, String fact) {
        return "{\"name\": \"facts-" + UUID.randomUUID().toString().substring(0, 8) + "\", \"format\": \"idx\","
                + " \"num_classes\": 10, \"channels\": 1, \"height\": 28, \"width\": 28, \"checksum\": \""
                + "e".repeat(64) + "\", \"location\": \"" + location + "\""
                + (fact == null ? "" : ", \"hflip_preserves_labels\": " + fact) + "}";
    }
}

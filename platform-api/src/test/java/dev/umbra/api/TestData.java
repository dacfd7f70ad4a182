package dev.umbra.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Small helpers that create rows through the public API, as a client would. */
public final class TestData {

    public static final String SAMPLE = "fashion-mnist-sample";
    /** The first admin's token and password in the test profile (application.properties, %test). */
    public static final String ADMIN_TOKEN = "umbra_user_test-admin-token-not-secret";
    public static final String ADMIN_PASSWORD = "test-admin-password";

    private TestData() {
    }

    public static long experiment(String name) {
        return given().contentType(ContentType.JSON).body("{\"name\": \"" + name + "\", \"tags\": [\"test\"]}")
                .post("/api/v1/experiments").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    public static long experiment() {
        return experiment("exp-" + UUID.randomUUID());
    }

    public static String spec(String method, long seed) {
        return "{\"dataset\": \"" + SAMPLE + "\", \"method\": {\"name\": \"" + method + "\"}, \"epochs\": 2, "
                + "\"max_steps_per_epoch\": 2, \"batch_size\": 32, \"seed\": " + seed + "}";
    }

    public static long run(long experimentId, String spec) {
        return given().contentType(ContentType.JSON).body(spec).post("/api/v1/experiments/" + experimentId + "/runs")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** A request without credentials (every other request carries the admin token: AdminTokenByDefault). */
    public static RequestSpecification anonymous() {
        return given().header("Authorization", "");
    }

    /** A request with this bearer token instead of the admin's. */
    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }
}

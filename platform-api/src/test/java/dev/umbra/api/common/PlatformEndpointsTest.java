package dev.umbra.api.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlatformEndpointsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void migrationsAppliedToTheEmptyDatabaseAndHibernateValidatedThem() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("1");
            assertThat(rs.getBoolean(2)).isTrue();
        }
        // The application started with schema-management "validate": every entity matched its table.
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void theBundledSampleIsRegisteredAtStartWithItsManifestChecksum() {
        given().get("/api/v1/datasets").then().statusCode(200)
                .body("find { it.name == 'fashion-mnist-sample' }.format", equalTo("idx"))
                .body("find { it.name == 'fashion-mnist-sample' }.train_count", equalTo(10000))
                .body("find { it.name == 'fashion-mnist-sample' }.class_names[9]", equalTo("ankle boot"))
                .body("find { it.name == 'fashion-mnist-sample' }.checksum", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"));
    }

    @Test
    void openApiDocumentsTheV1Api() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/experiments/{experimentId}/runs'.post", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/api/v1/runs/{runId}/metrics'.post", org.hamcrest.Matchers.notNullValue());
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void prometheusMetricsAreExposed() {
        given().get("/api/v1/experiments").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("http_server_requests_seconds_count");
    }
}

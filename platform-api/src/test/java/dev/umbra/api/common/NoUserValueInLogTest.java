package dev.umbra.api.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.umbra.api.TestData;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a request sends never reaches the log: not on a refusal, not on a database error, not on a 500. */
@QuarkusTest
class NoUserValueInLogTest {

    private static final Path LOG = Path.of("target", "quarkus-test.log");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anOddSignInIsRefusedWithoutATrace() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        long before = Files.size(LOG);

        TestData.anonymous().contentType(ContentType.JSON)
                .body("{\"username\": \"" + marker + "\\u0000\", \"password\": \"x\"}").post("/api/v1/session")
                .then().statusCode(400);
        TestData.anonymous().contentType(ContentType.JSON)
                .body("{\"username\": \"" + marker + "\", \"username\": \"admin\", \"password\": \"x\"}").post("/api/v1/session")
                .then().statusCode(400);

        assertThat(logSince(before)).doesNotContain(marker).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void databaseErrorsDoNotQuoteTheValues() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE unique_text (v text UNIQUE)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO unique_text VALUES (?)")) {
                insert.setString(1, marker);
                insert.executeUpdate();
                SQLException single = catchThrowableOfType(SQLException.class, insert::executeUpdate);
                insert.addBatch();
                SQLException batch = catchThrowableOfType(SQLException.class, insert::executeBatch);

                assertThat(single.getSQLState()).isEqualTo("23505");
                assertThat(single.getMessage()).doesNotContain(marker);
                assertThat(batch.getMessage()).doesNotContain(marker);
                assertThat(batch.getNextException().getMessage()).doesNotContain(marker);
            } finally {
                s.execute("DROP TABLE unique_text");
            }
        }
    }

    @Test
    void anUnexpectedErrorIsLoggedOnOneLineWithoutItsMessage() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        long before = Files.size(LOG);

        var response = new ProblemMappers().unexpected(
                new IllegalStateException("cannot store " + marker, new SQLException("value " + marker, "22021")));

        assertThat(response.getStatus()).isEqualTo(500);
        String logged = logSince(before);
        assertThat(logged).doesNotContain(marker).doesNotContain("\tat ")
                .contains("request failed: java.lang.IllegalStateException at ")
                .contains("<- java.sql.SQLException [SQLState 22021]");
        assertThat(logged.lines().filter(line -> line.contains("request failed"))).hasSize(1);
    }

    private static String logSince(long offset) throws Exception {
        byte[] all = Files.readAllBytes(LOG);
        return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
    }
}

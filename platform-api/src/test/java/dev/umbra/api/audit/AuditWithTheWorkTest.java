package dev.umbra.api.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.api.TestData;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hot writes (run submission, metric ingestion) commit their audit row with their work: one row, one transaction. */
@QuarkusTest
class AuditWithTheWorkTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aSubmissionsAuditRowCommitsInTheRunsTransaction() throws Exception {
        long experiment = TestData.experiment();
        String path = "/api/v1/experiments/" + experiment + "/runs";
        long run = TestData.run(experiment, TestData.spec("simclr", 7));

        List<long[]> rows = auditRows(path); // {status, transaction}
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)[0]).isEqualTo(201);
        assertThat(rows.get(0)[1]).isEqualTo(transaction("SELECT xmin::text::bigint FROM run WHERE id = ?", run));

        given().contentType(ContentType.JSON).body("{\"dataset\": \"no-such-dataset\", \"method\": {\"name\": \"simclr\"}}")
                .post(path).then().statusCode(400);
        assertThat(auditRows(path)).as("a refused submission is not audited").hasSize(1);
    }

    /**
     * Submissions that arrive together may share one transaction: still every run commits with its
     * own audit row, and a replay (same Idempotency-Key) is audited once, after its answer.
     */
    @Test
    void concurrentSubmissionsEachCommitWithTheirAuditRow() throws Exception {
        long experiment = TestData.experiment();
        String path = "/api/v1/experiments/" + experiment + "/runs";
        int submissions = 12;
        ExecutorService pool = Executors.newFixedThreadPool(submissions);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < submissions; i++) {
                String spec = TestData.spec("simclr", 100 + i);
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().contentType(ContentType.JSON).body(spec).post(path).statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> runTransactions = longs("SELECT xmin::text::bigint FROM run WHERE experiment_id = ? ORDER BY 1", experiment);
        List<Long> auditTransactions = auditRows(path).stream().map(row -> row[1]).sorted().toList();
        assertThat(runTransactions).hasSize(submissions);
        assertThat(auditTransactions).as("one audit row per run, in the run's transaction").isEqualTo(runTransactions);

        String spec = TestData.spec("simclr", 200);
        given().contentType(ContentType.JSON).header("Idempotency-Key", "audit-replay").body(spec).post(path).then().statusCode(201);
        given().contentType(ContentType.JSON).header("Idempotency-Key", "audit-replay").body(spec).post(path).then().statusCode(200);
        List<long[]> rows = auditRows(path);
        assertThat(rows.stream().map(row -> row[0]).toList()).as("the replay's row").endsWith(201L, 200L);
    }

    @Test
    void aMetricBatchsAuditRowCommitsWithItsPoints() throws Exception {
        long run = TestData.run(TestData.experiment(), TestData.spec("simclr", 8));
        String path = "/api/v1/runs/" + run + "/metrics";
        given().contentType(ContentType.JSON).body("{\"points\": [{\"key\": \"loss\", \"step\": 1, \"value\": 2.0}]}")
                .post(path).then().statusCode(200);

        List<long[]> rows = auditRows(path);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)[0]).isEqualTo(200);
        assertThat(rows.get(0)[1]).isEqualTo(transaction("SELECT xmin::text::bigint FROM metric WHERE run_id = ?", run));

        given().contentType(ContentType.JSON).body("{\"points\": [{\"key\": \"bad key!\", \"step\": 1, \"value\": 2.0}]}")
                .post(path).then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"points\": [{\"key\": \"loss\", \"step\": 1, \"value\": 2.0}]}")
                .post("/api/v1/runs/999999999/metrics").then().statusCode(404);
        assertThat(auditRows(path)).as("refused batches are not audited").hasSize(1);
        assertThat(auditRows("/api/v1/runs/999999999/metrics")).isEmpty();
    }

    private List<long[]> auditRows(String path) throws Exception {
        List<long[]> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT status, xmin::text::bigint FROM audit_event WHERE path = ? ORDER BY id")) {
            s.setString(1, path);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        return rows;
    }

    private List<Long> longs(String sql, long id) throws Exception {
        List<Long> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getLong(1));
                }
            }
        }
        return values;
    }

    private long transaction(String sql, long id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }
}

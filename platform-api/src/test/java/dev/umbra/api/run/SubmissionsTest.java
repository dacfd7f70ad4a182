package dev.umbra.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umbra.api.TestData;
import dev.umbra.api.audit.AuditLog;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One batch of submissions, as the combiner hands it over: written in one transaction, or, when two
 * of them share an Idempotency-Key, one transaction each so that only the later one fails.
 */
@QuarkusTest
class SubmissionsTest {

    @Inject
    Submissions submissions;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aBatchCommitsEveryRunWithItsAuditRowInOneTransaction() throws Exception {
        long experiment = TestData.experiment();
        Run template = template(experiment);
        AuditLog.Entry entry = entry(experiment);
        List<Run> runs = List.of(copy(template, "one-1"), copy(template, "one-2"), copy(template, null));

        List<Optional<RuntimeException>> outcomes = submissions.writeBatch(runs.stream()
                .map(run -> new Submissions.Submission(run, Optional.of(entry))).toList());

        assertThat(outcomes).containsExactly(Optional.empty(), Optional.empty(), Optional.empty());
        List<String> transactions = strings("SELECT DISTINCT xmin::text FROM run WHERE experiment_id = " + experiment
                + " AND id <> " + template.id);
        assertThat(transactions).as("one transaction for the batch").hasSize(1);
        assertThat(strings("SELECT xmin::text FROM audit_event WHERE path = '" + entry.path() + "' AND status = 299"))
                .as("the batch's audit rows, in its transaction").containsExactly(transactions.get(0), transactions.get(0),
                        transactions.get(0));
        for (Run run : runs) {
            assertThat(strings("SELECT status FROM run WHERE id = " + run.id)).containsExactly("QUEUED");
        }
    }

    @Test
    void aKeyTakenInTheBatchFailsOnlyTheSubmissionThatCameSecond() throws Exception {
        long experiment = TestData.experiment();
        Run template = template(experiment);
        AuditLog.Entry entry = entry(experiment);
        Run first = copy(template, "shared-key");
        Run other = copy(template, "other-key");
        Run second = copy(template, "shared-key");

        List<Optional<RuntimeException>> outcomes = submissions.writeBatch(List.of(new Submissions.Submission(first, Optional.of(entry)),
                new Submissions.Submission(second, Optional.of(entry)), new Submissions.Submission(other, Optional.of(entry))));

        assertThat(outcomes.get(0)).isEmpty();
        assertThat(outcomes.get(1)).containsInstanceOf(RunRows.IdempotencyKeyTaken.class);
        assertThat(outcomes.get(2)).isEmpty();
        assertThat(strings("SELECT idempotency_key FROM run WHERE experiment_id = " + experiment + " AND id <> " + template.id
                + " ORDER BY id")).containsExactly("shared-key", "other-key");
        assertThat(strings("SELECT count(*) FROM audit_event WHERE path = '" + entry.path() + "' AND status = 299"))
                .as("no audit row for the refused submission").containsExactly("2");
    }

    /** A run submitted over REST, read back whole: the fields new runs are copied from. */
    private Run template(long experiment) {
        long id = TestData.run(experiment, TestData.spec("simclr", 300));
        return QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.<Run>find("from Run r join fetch r.dataset where r.id = ?1", id).firstResult();
            Run.getEntityManager().detach(run);
            return run;
        });
    }

    /** An audit row of the experiment's own submission path, as the test admin (status 299 marks this test's rows). */
    private AuditLog.Entry entry(long experiment) throws Exception {
        String path = "/api/v1/experiments/" + experiment + "/runs";
        List<String> who = strings("SELECT team_id || ',' || user_id || ',' || token_id FROM audit_event WHERE path = '" + path + "'");
        String[] ids = who.get(0).split(",");
        return new AuditLog.Entry(Long.parseLong(ids[0]), Long.parseLong(ids[1]), Long.parseLong(ids[2]), "test", "POST", path, 299);
    }

    private static Run copy(Run template, String idempotencyKey) {
        Run run = new Run();
        run.experimentId = template.experimentId;
        run.teamId = template.teamId;
        run.dataset = template.dataset;
        run.spec = template.spec;
        run.resolvedSpec = template.resolvedSpec;
        run.method = template.method;
        run.backbone = template.backbone;
        run.seed = template.seed;
        run.configHash = template.configHash;
        run.runHash = template.runHash;
        run.priority = template.priority;
        run.requestedGpus = template.requestedGpus;
        run.requestedGpuMemoryGb = template.requestedGpuMemoryGb;
        run.requestedLabels = template.requestedLabels;
        run.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        run.idempotencyKey = idempotencyKey;
        return run;
    }

    private List<String> strings(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}

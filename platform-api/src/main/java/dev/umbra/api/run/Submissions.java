package dev.umbra.api.run;

import dev.umbra.api.audit.AuditLog;
import dev.umbra.scheduler.Combiner;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Writes submitted runs, each with its audit row, committed when {@link #write} returns.
 * Submissions that arrive together share one transaction ({@link Combiner}): one insert of all
 * their runs, one batch of their audit rows, one commit. Each run commits with its own audit row,
 * as before; what a submission adds to the commit of others is only rows of the same kind.
 *
 * <p>One failure fails the shared transaction. Two submissions racing with one
 * {@code Idempotency-Key} conflict on the unique key: the batch is then written again one
 * submission per transaction, so only the one that lost the race fails. Any other failure (the
 * database gone) fails every submission of the batch, as it would have failed each alone.
 */
@ApplicationScoped
public class Submissions {

    /** A prepared run and the audit row that commits with it, when the request is audited. */
    record Submission(Run run, Optional<AuditLog.Entry> audit) {
    }

    /** Every submission goes through one line: a batch may hold any team's runs. */
    private static final String RUNS = "runs";

    private final RunRows rows;
    private final AuditLog audit;
    private final Combiner<String, Submission, Optional<RuntimeException>> combiner;

    public Submissions(RunRows rows, AuditLog audit, MeterRegistry meters) {
        this.rows = rows;
        this.audit = audit;
        DistributionSummary perTransaction = DistributionSummary.builder("umbra_submissions_per_transaction")
                .description("runs submitted in one transaction (submissions that arrive together share one)")
                .register(meters);
        this.combiner = new Combiner<>((line, batch) -> {
            perTransaction.record(batch.size());
            return writeBatch(batch);
        });
    }

    /**
     * Inserts a prepared run (setting its id and what the database filled in) and its audit row, in a
     * transaction of its own, shared with submissions that arrive at the same time.
     *
     * @throws RunRows.IdempotencyKeyTaken when another submission with the run's key inserted first
     */
    public void write(Run run, Optional<AuditLog.Entry> auditRow) {
        Optional<RuntimeException> failure = combiner.submit(RUNS, new Submission(run, auditRow));
        if (failure.isPresent()) {
            throw failure.get();
        }
    }

    /** Writes a batch the combiner handed over: for each submission, empty or why it failed. */
    List<Optional<RuntimeException>> writeBatch(List<Submission> batch) {
        try {
            writeTogether(batch);
            return Collections.nCopies(batch.size(), Optional.empty());
        } catch (RunRows.IdempotencyKeyTaken e) {
            if (batch.size() == 1) {
                return List.of(Optional.of(e));
            }
            List<Optional<RuntimeException>> outcomes = new ArrayList<>();
            for (Submission one : batch) {
                try {
                    writeTogether(List.of(one));
                    outcomes.add(Optional.empty());
                } catch (RunRows.IdempotencyKeyTaken taken) {
                    outcomes.add(Optional.of(taken));
                }
            }
            return outcomes;
        }
    }

    private void writeTogether(List<Submission> batch) {
        QuarkusTransaction.requiringNew().run(() -> {
            rows.insert(batch.stream().map(Submission::run).toList());
            List<AuditLog.Entry> entries = batch.stream().flatMap(s -> s.audit().stream()).toList();
            if (!entries.isEmpty()) {
                audit.record(entries);
            }
        });
    }
}

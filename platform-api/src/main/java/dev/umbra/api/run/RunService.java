package dev.umbra.api.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.umbra.api.audit.AuditLog;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Texts;
import dev.umbra.api.dataset.Dataset;
import dev.umbra.api.dataset.DatasetService;
import dev.umbra.api.experiment.ExperimentService;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.dto.RunStatus;
import dev.umbra.client.dto.UpdateRunRequest;
import dev.umbra.client.spec.DatasetFacts;
import dev.umbra.client.spec.RunSpec;
import dev.umbra.client.spec.SpecJson;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.scheduler.CancelOutcome;
import dev.umbra.scheduler.RunQueue;
import io.agroal.api.AgroalDataSource;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

@ApplicationScoped
@Transactional
public class RunService {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final ExperimentService experiments;
    private final DatasetService datasets;
    private final CurrentTeam team;
    private final RunQueue queue;
    private final Submissions submissions;
    private final AgroalDataSource dataSource;
    private final Clock clock;

    public RunService(ExperimentService experiments, DatasetService datasets, CurrentTeam team, RunQueue queue,
                      Submissions submissions, AgroalDataSource dataSource, Clock clock) {
        this.experiments = experiments;
        this.datasets = datasets;
        this.team = team;
        this.queue = queue;
        this.submissions = submissions;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** A submission's outcome: the run, and whether this call created it (false: an idempotent replay). */
    public record Submission(Run run, boolean created) {
    }

    /**
     * Queues a run of the spec, or finds the run an earlier submission with this Idempotency-Key
     * created. {@code check} sees the prepared run before it is written and may refuse it (by
     * throwing); {@code auditRow} gives the audit row that commits with a new run. The run is written
     * by {@link Submissions}, in a transaction of its own shared with concurrent submissions, not in
     * the caller's: it is committed when this returns.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Submission submit(long experimentId, JsonNode body, String idempotencyKey, Consumer<Run> check,
                             Supplier<Optional<AuditLog.Entry>> auditRow) {
        boolean archived = experiments.archived(experimentId)
                .orElseThrow(() -> ApiException.notFound("experiment", experimentId));
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ApiException.invalid("Idempotency-Key", "must be 1 to 200 printable ASCII characters");
        }
        if (idempotencyKey != null) {
            Optional<Run> previous = Run.<Run>find("experimentId = ?1 and idempotencyKey = ?2", experimentId,
                    idempotencyKey).firstResultOptional();
            if (previous.isPresent()) {
                if (!previous.get().spec.equals(body)) {
                    throw ApiException.conflict("idempotency-key-reused",
                            "this Idempotency-Key was used for a different spec (run " + previous.get().id + ")");
                }
                return new Submission(previous.get(), false);
            }
        }
        if (archived) {
            throw ApiException.conflict("experiment-archived", "experiment " + experimentId
                    + " is archived; unarchive it to submit runs");
        }

        Optional<Dataset> dataset = Optional.empty();
        if (body != null && body.path("dataset").isTextual()) {
            dataset = datasets.findByName(body.get("dataset").asText());
        }
        List<FieldError> errors = new ArrayList<>();
        RunSpec spec = SpecParser.parse(body, dataset.map(Dataset::facts).orElse(DatasetFacts.DEFAULT), errors);
        if (body != null && body.path("dataset").isTextual()) {
            if (dataset.isEmpty()) {
                errors.add(new FieldError("dataset", "unknown dataset '" + body.get("dataset").asText()
                        + "'; registered: " + datasets.list().stream().map(d -> d.name).toList()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }

        // Truncated as PostgreSQL stores it, so the answer shows what a later read shows.
        Run run = prepare(experimentId, dataset.orElseThrow(), body, spec, Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        run.idempotencyKey = idempotencyKey;
        check.accept(run);
        try {
            submissions.write(run, auditRow.get());
        } catch (RunRows.IdempotencyKeyTaken e) {
            // Two submissions with one Idempotency-Key raced; the other one inserted first.
            throw ApiException.conflict("idempotency-key-in-flight",
                    "a submission with this Idempotency-Key is in progress; retry to get its run");
        }
        return new Submission(run, true);
    }

    /**
     * A new, unsaved queued run of the current team: the spec as submitted and resolved, both
     * hashes and the resource request. Sweeps build their runs here too, then insert them in bulk.
     */
    public Run prepare(long experimentId, Dataset dataset, JsonNode body, RunSpec spec, Instant createdAt) {
        Run run = new Run();
        run.experimentId = experimentId;
        run.teamId = team.id();
        run.dataset = dataset;
        run.spec = body;
        ObjectNode canonical = SpecJson.canonical(spec);
        run.resolvedSpec = canonical;
        run.method = spec.method().name().id();
        run.backbone = spec.backbone().id();
        run.seed = spec.seed();
        SpecJson.Hashes hashes = SpecJson.hashes(canonical, dataset.checksum);
        run.configHash = hashes.configHash();
        run.runHash = hashes.runHash();
        run.priority = spec.priority();
        run.requestedGpus = spec.resources().gpus();
        run.requestedGpuMemoryGb = spec.resources().gpuMemoryGb();
        run.requestedLabels = spec.resources().labels().toArray(String[]::new);
        run.createdAt = createdAt;
        return run;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Run> get(long id) {
        return Run.<Run>find("from Run r join fetch r.dataset where r.id = ?1 and r.teamId = ?2", id, team.id())
                .firstResultOptional();
    }

    /**
     * Whether the current team has this run, for writes that need no more of it (metric ingestion):
     * an id read by primary key in plain JDBC, not the run with its specs. (Through Hibernate, the
     * query was interpreted anew on every call: a third of the platform's CPU per metric batch.)
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean exists(long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM run WHERE id = ? AND team_id = ?")) {
            ps.setLong(1, id);
            ps.setLong(2, team.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading run " + id + " failed", e);
        }
    }

    /** Filters of the run list; null fields do not filter. */
    public record RunFilter(Long experimentId, RunStatus status, String method, String dataset, String backbone,
                            String configHash, String runHash) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Run> list(RunFilter filter, long belowId, int limit) {
        StringBuilder query = new StringBuilder("from Run r join fetch r.dataset d where r.teamId = :team and r.id < :below");
        Parameters params = Parameters.with("team", team.id()).and("below", belowId);
        if (filter.experimentId() != null) {
            query.append(" and r.experimentId = :experiment");
            params.and("experiment", filter.experimentId());
        }
        if (filter.status() != null) {
            query.append(" and r.status = :status");
            params.and("status", filter.status());
        }
        if (filter.method() != null) {
            query.append(" and r.method = :method");
            params.and("method", filter.method());
        }
        if (filter.dataset() != null) {
            query.append(" and d.name = :dataset");
            params.and("dataset", filter.dataset());
        }
        if (filter.backbone() != null) {
            query.append(" and r.backbone = :backbone");
            params.and("backbone", filter.backbone());
        }
        if (filter.configHash() != null) {
            query.append(" and r.configHash = :configHash");
            params.and("configHash", filter.configHash());
        }
        if (filter.runHash() != null) {
            query.append(" and r.runHash = :runHash");
            params.and("runHash", filter.runHash());
        }
        query.append(" order by r.id desc");
        return Run.<Run>find(query.toString(), params).range(0, limit - 1).list();
    }

    /** Cancels through the scheduler (the queue columns' only writer) and returns the run as it now is. */
    public Optional<Run> cancel(long id) {
        if (get(id).isEmpty()) {
            return Optional.empty();
        }
        CancelOutcome outcome = queue.cancel(id);
        if (outcome == CancelOutcome.ALREADY_FINISHED) {
            Run run = get(id).orElseThrow();
            if (run.status != RunStatus.CANCELLED) {
                throw ApiException.conflict("run-finished", "run " + id + " already finished with status " + run.status);
            }
        }
        Run.getEntityManager().clear(); // the queue wrote behind Hibernate's back
        return get(id);
    }

    /**
     * Names, notes and (while queued) reprioritises a run; everything is checked before anything is
     * written. Empty when there is no such run.
     */
    public Optional<Run> update(long id, UpdateRunRequest request) {
        if (request == null) {
            throw ApiException.invalid("(body)", "is required");
        }
        List<FieldError> errors = new ArrayList<>();
        Texts.labelAndNotes(request.name(), request.notes(), errors);
        if (request.priority() != null && (request.priority() < SpecParser.MIN_PRIORITY || request.priority() > SpecParser.MAX_PRIORITY)) {
            errors.add(new FieldError("priority", "must be between " + SpecParser.MIN_PRIORITY + " and " + SpecParser.MAX_PRIORITY));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Optional<Run> found = get(id);
        if (found.isEmpty()) {
            return found;
        }
        if (request.priority() != null && request.priority() != found.get().priority) {
            if (!queue.reprioritise(id, request.priority())) {
                throw ApiException.conflict("run-not-queued", "run " + id + " is " + found.get().status
                        + ": its priority can change only while it is queued");
            }
            Run.getEntityManager().clear(); // the queue wrote behind Hibernate's back
        }
        Run run = get(id).orElseThrow();
        if (request.name() != null) {
            run.name = request.name().strip();
        }
        if (request.notes() != null) {
            run.notes = request.notes();
        }
        return Optional.of(run);
    }

    /** Deletes a finished run with its metrics, results and artifact references. */
    public boolean delete(long id) {
        Optional<Run> run = get(id);
        if (run.isEmpty()) {
            return false;
        }
        if (!run.get().status.isTerminal()) {
            throw ApiException.conflict("run-active", "run " + id + " is " + run.get().status + "; cancel it first");
        }
        long resolvedSpec = run.get().resolvedSpecId;
        run.get().delete();
        // The run's resolved spec goes with the last run of its configuration.
        Run.getEntityManager().flush();
        Run.getEntityManager().createNativeQuery("DELETE FROM resolved_spec s WHERE s.id = ?1"
                        + " AND NOT EXISTS (SELECT 1 FROM run WHERE resolved_spec_id = s.id)")
                .setParameter(1, resolvedSpec).executeUpdate();
        return true;
    }
}

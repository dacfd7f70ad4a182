package dev.umbra.api.runnerapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.api.artifact.Artifact;
import dev.umbra.api.artifact.ArtifactResource;
import dev.umbra.api.artifact.ArtifactService;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.dataset.Dataset;
import dev.umbra.api.dataset.DatasetService;
import dev.umbra.api.metric.MetricService;
import dev.umbra.api.result.EvalResultService;
import dev.umbra.api.run.Run;
import dev.umbra.api.runlog.RunLogService;
import dev.umbra.client.dto.ArtifactDto;
import dev.umbra.client.runner.Completion;
import dev.umbra.client.runner.Heartbeat;
import dev.umbra.client.runner.HeartbeatReply;
import dev.umbra.client.runner.Release;
import dev.umbra.client.runner.RunAssignment;
import dev.umbra.client.runner.RunResults;
import dev.umbra.client.runner.RunnerRegistration;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.scheduler.Combiner;
import dev.umbra.scheduler.FinalStatus;
import dev.umbra.scheduler.HeartbeatAnswer;
import dev.umbra.scheduler.RunQueue;
import dev.umbra.scheduler.RunnerCapabilities;
import dev.umbra.scheduler.RunnerRegistry;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What each runner call does, one transaction per call: the runner is checked against the token
 * that authenticated the call, the attempt fences every change to a run, and whatever the call
 * writes (heartbeat and its metrics, results, the final state) commits or rolls back together.
 * A runner token touches only the runs its runners hold; the claim leases only runs of the teams
 * the token serves (see {@link RunQueue#claim}).
 */
@ApplicationScoped
@Transactional
public class RunnerProtocol {

    private final RunQueue queue;
    private final Combiner<ClaimPool, Long, Optional<RunAssignment>> claims;
    private final RunnerRegistry runners;
    private final MetricService metrics;
    private final EvalResultService results;
    private final ArtifactService artifacts;
    private final DatasetService datasets;
    private final RunLogService runLog;

    public RunnerProtocol(RunQueue queue, RunnerRegistry runners, MetricService metrics, EvalResultService results,
                          ArtifactService artifacts, DatasetService datasets, RunLogService runLog, MeterRegistry meters) {
        this.queue = queue;
        DistributionSummary claimsPerStatement = DistributionSummary.builder("umbra_claims_per_statement")
                .description("claims served by one claim statement (claims that arrive together share one)")
                .register(meters);
        this.claims = new Combiner<>((pool, runnerIds) -> {
            claimsPerStatement.record(runnerIds.size());
            return queue.claim(runnerIds, pool.capabilities(), Assignments::of);
        });
        this.runners = runners;
        this.metrics = metrics;
        this.results = results;
        this.artifacts = artifacts;
        this.datasets = datasets;
        this.runLog = runLog;
    }

    /** What one claim statement can serve together: runners of one token with the same capabilities. */
    private record ClaimPool(long tokenId, RunnerCapabilities capabilities) {
    }

    /** Registers (or refreshes) a runner of the token; returns its id. */
    public long register(RunnerRegistration r, long tokenId) {
        if (r == null || r.name() == null || !r.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw ApiException.invalid("name", "is required and must match [A-Za-z0-9][A-Za-z0-9._-]{0,99}");
        }
        if (r.gpus() < 0 || r.gpuMemoryGb() < 0) {
            throw ApiException.invalid("gpus", "gpus and gpu_memory_gb must not be negative");
        }
        List<String> labels = r.labels() == null ? List.of() : r.labels();
        for (String label : labels) {
            if (label == null || !SpecParser.LABEL.matcher(label).matches()) {
                throw ApiException.invalid("labels", "each label must match " + SpecParser.LABEL.pattern());
            }
        }
        return runners.register(r.name(), r.version(), r.hostname(), new RunnerCapabilities(r.gpus(), r.gpuMemoryGb(), labels),
                tokenId);
    }

    public Duration lease() {
        return queue.settings().lease();
    }

    /**
     * One claim attempt: the lease and the assignment the runner needs, or empty. Atomic, so a run
     * is never left leased without its assignment having been built: the scheduler reads the
     * assignment in the claim's own JDBC transaction. Claims of one pool's runners that arrive
     * together share one statement ({@link Combiner}). No JTA transaction around it (the claim
     * is the queue's hot path, and beginning and committing one cost as much CPU as the claim's SQL).
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Optional<RunAssignment> claim(long runnerId, long tokenId, Long onlyRun) {
        RunnerCapabilities capabilities = capabilities(runnerId, tokenId);
        return onlyRun == null ? claims.submit(new ClaimPool(tokenId, capabilities), runnerId)
                : queue.claimRun(runnerId, capabilities, onlyRun, Assignments::of);
    }

    public HeartbeatReply heartbeat(long runId, Heartbeat beat, long tokenId) {
        if (beat == null) {
            throw ApiException.invalid("(body)", "is required");
        }
        capabilities(beat.runnerId(), tokenId);
        String logTail = beat.logTail() == null ? null : tail(beat.logTail(), 16_384);
        RunLogService.validate(beat.logFrom(), beat.logLines());
        // Fenced first: a stale runner's buffered metrics and log lines must not land.
        HeartbeatAnswer answer = queue.heartbeat(runId, beat.runnerId(), beat.attempt(), json(beat.progress()),
                json(beat.environment()), logTail);
        if (beat.metrics() != null && !beat.metrics().isEmpty()) {
            metrics.ingest(runId, beat.metrics());
        }
        runLog.append(runId, beat.attempt(), beat.logFrom(), beat.logLines());
        return new HeartbeatReply(answer.cancel() ? HeartbeatReply.CANCEL : HeartbeatReply.CONTINUE, answer.leaseExpiresAt());
    }

    public void results(long runId, RunResults body, long tokenId) {
        if (body == null) {
            throw ApiException.invalid("(body)", "is required");
        }
        requireHeld(runId, body.runnerId(), body.attempt(), tokenId);
        results.record(runId, body.results());
    }

    public void complete(long runId, Completion body, long tokenId) {
        if (body == null || body.status() == null) {
            throw ApiException.invalid("status", "is required: SUCCEEDED, FAILED or CANCELLED");
        }
        FinalStatus status;
        try {
            status = FinalStatus.valueOf(body.status());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("status", "must be SUCCEEDED, FAILED or CANCELLED");
        }
        capabilities(body.runnerId(), tokenId);
        queue.complete(runId, body.runnerId(), body.attempt(), status, body.error() == null ? null : tail(body.error(), 8_192));
    }

    public void release(long runId, Release body, long tokenId) {
        if (body == null) {
            throw ApiException.invalid("(body)", "is required");
        }
        capabilities(body.runnerId(), tokenId);
        queue.release(runId, body.runnerId(), body.attempt());
    }

    /** The runner belongs to the token and holds the run at this attempt (409 otherwise). */
    public void requireHeld(long runId, long runnerId, int attempt, long tokenId) {
        capabilities(runnerId, tokenId);
        queue.requireHeld(runId, runnerId, attempt);
    }

    /** An artifact of a held run, to download (a checkpoint of an earlier attempt, to resume from). */
    public Artifact artifactOfHeldRun(long runId, long runnerId, int attempt, String kind, String name, long tokenId) {
        ArtifactService.validate(kind, name);
        requireHeld(runId, runnerId, attempt, tokenId);
        return artifacts.find(runId, kind, name).orElseThrow(() -> ApiException.notFound("artifact", kind + "/" + name));
    }

    /** Records a stored artifact of a held run, keeping only the run's last checkpoints. */
    public ArtifactDto recorded(long runId, Artifact stored) {
        if ("checkpoint".equals(stored.kind)) {
            Run run = Run.findById(runId);
            artifacts.pruneCheckpoints(runId, run.resolvedSpec.path("checkpoint").path("keep_last").asInt(3));
        }
        return ArtifactResource.toDto(stored);
    }

    /**
     * The dataset with this checksum of the team whose run the runner holds: a runner sees a
     * team's datasets only while it holds one of that team's runs, and never another team's by
     * the checksum alone.
     */
    public Dataset datasetOfHeldRun(String checksum, long runId, long runnerId, int attempt, long tokenId) {
        if (checksum == null || !checksum.matches("[0-9a-f]{64}")) {
            throw ApiException.invalid("checksum", "must be 64 lowercase hex characters");
        }
        requireHeld(runId, runnerId, attempt, tokenId);
        Run run = Run.findById(runId);
        return datasets.byChecksum(run.teamId, checksum).orElseThrow(() -> ApiException.notFound("dataset", checksum));
    }

    private RunnerCapabilities capabilities(long runnerId, long tokenId) {
        return runners.capabilities(runnerId, tokenId)
                .orElseThrow(() -> ApiException.notFound("runner of this token", runnerId));
    }

    private static String json(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    private static String tail(String text, int max) {
        return text.length() <= max ? text : text.substring(text.length() - max);
    }
}

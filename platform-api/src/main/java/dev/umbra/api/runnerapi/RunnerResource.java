package dev.umbra.api.runnerapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.umbra.api.artifact.Artifact;
import dev.umbra.api.artifact.ArtifactResource;
import dev.umbra.api.artifact.ArtifactService;
import dev.umbra.api.auth.ApiToken;
import dev.umbra.api.auth.Access;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.config.UmbraConfig;
import dev.umbra.api.dataset.Dataset;
import dev.umbra.api.dataset.DatasetFiles;
import dev.umbra.api.dataset.DatasetResource;
import dev.umbra.api.metric.MetricService;
import dev.umbra.api.result.EvalResultService;
import dev.umbra.api.run.Run;
import dev.umbra.client.dto.ArtifactDto;
import dev.umbra.client.runner.ArtifactUpload;
import dev.umbra.client.runner.ClaimRequest;
import dev.umbra.client.runner.Completion;
import dev.umbra.client.runner.Heartbeat;
import dev.umbra.client.runner.HeartbeatReply;
import dev.umbra.client.runner.Release;
import dev.umbra.client.runner.RunAssignment;
import dev.umbra.client.runner.RunResults;
import dev.umbra.client.runner.RunnerRegistered;
import dev.umbra.client.runner.RunnerRegistration;
import dev.umbra.client.runner.UploadTicket;
import dev.umbra.client.spec.SpecParser;
import dev.umbra.scheduler.FinalStatus;
import dev.umbra.scheduler.HeartbeatAnswer;
import dev.umbra.scheduler.Lease;
import dev.umbra.scheduler.RunQueue;
import dev.umbra.scheduler.RunnerCapabilities;
import dev.umbra.scheduler.RunnerRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The runner protocol. Runner tokens only; every call about a run carries the runner id and the
 * attempt, and the scheduler refuses (409) a call whose attempt is no longer current.
 */
@Path("/api/v1/runner")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(ApiToken.RUNNER)
public class RunnerResource {

    private static final Duration CLAIM_POLL = Duration.ofMillis(250);

    private final RunQueue queue;
    private final RunnerRegistry runners;
    private final MetricService metrics;
    private final EvalResultService results;
    private final ArtifactService artifacts;
    private final DatasetFiles datasetFiles;
    private final SecurityIdentity identity;
    private final UmbraConfig config;

    public RunnerResource(RunQueue queue, RunnerRegistry runners, MetricService metrics, EvalResultService results,
                          ArtifactService artifacts, DatasetFiles datasetFiles, SecurityIdentity identity,
                          UmbraConfig config) {
        this.queue = queue;
        this.runners = runners;
        this.metrics = metrics;
        this.results = results;
        this.artifacts = artifacts;
        this.datasetFiles = datasetFiles;
        this.identity = identity;
        this.config = config;
    }

    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    public RunnerRegistered register(RunnerRegistration r) {
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
        long runnerId = runners.register(r.name(), r.version(), r.hostname(),
                        new RunnerCapabilities(r.gpus(), r.gpuMemoryGb(), labels), tokenId())
                .orElseThrow(() -> ApiException.conflict("runner-name-taken",
                        "runner name '" + r.name() + "' belongs to another token"));
        Duration lease = queue.settings().lease();
        return new RunnerRegistered(runnerId, lease.toSeconds(), Math.max(1, lease.toSeconds() / 4));
    }

    /** Long poll: 200 with a run, or 204 when nothing eligible appeared within the wait. */
    @POST
    @Path("/claim")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response claim(ClaimRequest request, @Context HttpServerRequest http) throws InterruptedException {
        if (request == null) {
            throw ApiException.invalid("(body)", "is required");
        }
        RunnerCapabilities capabilities = capabilities(request.runnerId());
        long deadline = System.nanoTime() + Math.min(Math.max(request.waitSeconds(), 0),
                config.scheduler().maxClaimWait().toSeconds()) * 1_000_000_000L;
        while (true) {
            if (http.response().closed()) {
                // The runner went away while waiting (stopped or killed): a run leased now would sit
                // with nobody until its lease expired.
                return Response.noContent().build();
            }
            Optional<Lease> lease = queue.claim(request.runnerId(), capabilities);
            if (lease.isPresent()) {
                return Response.ok(assignment(lease.get())).build();
            }
            if (System.nanoTime() >= deadline) {
                return Response.noContent().build();
            }
            Thread.sleep(CLAIM_POLL.toMillis());
        }
    }

    @POST
    @Path("/runs/{runId}/heartbeat")
    @Consumes(MediaType.APPLICATION_JSON)
    public HeartbeatReply heartbeat(@PathParam("runId") long runId, Heartbeat beat) {
        if (beat == null) {
            throw ApiException.invalid("(body)", "is required");
        }
        capabilities(beat.runnerId());
        String logTail = beat.logTail() == null ? null : tail(beat.logTail(), 16_384);
        // Fenced first: a stale runner's buffered metrics must not land.
        HeartbeatAnswer answer = queue.heartbeat(runId, beat.runnerId(), beat.attempt(), json(beat.progress()),
                json(beat.environment()), logTail);
        if (beat.metrics() != null && !beat.metrics().isEmpty()) {
            metrics.ingest(runId, beat.metrics());
        }
        return new HeartbeatReply(answer.cancel() ? HeartbeatReply.CANCEL : HeartbeatReply.CONTINUE,
                answer.leaseExpiresAt());
    }

    @POST
    @Path("/runs/{runId}/results")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response results(@PathParam("runId") long runId, RunResults body) {
        if (body == null) {
            throw ApiException.invalid("(body)", "is required");
        }
        capabilities(body.runnerId());
        QuarkusTransaction.requiringNew().run(() -> {
            queue.requireHeld(runId, body.runnerId(), body.attempt());
            results.record(runId, body.results());
        });
        return Response.noContent().build();
    }

    /** Uploads an artifact of a held run through the platform; {@code X-Umbra-Sha256}, when sent, is verified. */
    @PUT
    @Path("/runs/{runId}/artifacts/{kind}/{name}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Response putArtifact(@PathParam("runId") long runId, @PathParam("kind") String kind,
                                @PathParam("name") String name, @QueryParam("runner_id") long runnerId,
                                @QueryParam("attempt") int attempt, @HeaderParam("X-Umbra-Sha256") String sha256,
                                @HeaderParam("Content-Length") Long length, InputStream content) {
        capabilities(runnerId);
        ArtifactService.validate(kind, name);
        queue.requireHeld(runId, runnerId, attempt);
        return Response.ok(recorded(runId, artifacts.store(runId, kind, name, content, sha256, length, null))).build();
    }

    /** How to upload an artifact's bytes: a presigned URL of the store, through the platform, or not at all. */
    @POST
    @Path("/runs/{runId}/artifacts/{kind}/{name}/upload")
    @Consumes(MediaType.APPLICATION_JSON)
    public UploadTicket uploadTicket(@PathParam("runId") long runId, @PathParam("kind") String kind,
                                     @PathParam("name") String name, ArtifactUpload body) {
        requireHeld(runId, kind, name, body);
        return artifacts.ticket(kind, name, body.sha256(), body.sizeBytes());
    }

    /** Records an artifact the runner uploaded through a presigned URL, once the store holds its bytes. */
    @POST
    @Path("/runs/{runId}/artifacts/{kind}/{name}/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    public ArtifactDto confirmArtifact(@PathParam("runId") long runId, @PathParam("kind") String kind,
                                       @PathParam("name") String name, ArtifactUpload body) {
        requireHeld(runId, kind, name, body);
        return recorded(runId, artifacts.confirm(runId, kind, name, body.sha256(), body.sizeBytes(), body.metadata()));
    }

    private void requireHeld(long runId, String kind, String name, ArtifactUpload body) {
        if (body == null) {
            throw ApiException.invalid("(body)", "is required");
        }
        capabilities(body.runnerId());
        ArtifactService.validate(kind, name);
        queue.requireHeld(runId, body.runnerId(), body.attempt());
    }

    private ArtifactDto recorded(long runId, Artifact stored) {
        if ("checkpoint".equals(stored.kind)) {
            artifacts.pruneCheckpoints(runId, keepLast(runId));
        }
        return ArtifactResource.toDto(stored);
    }

    /** Downloads an artifact of a held run (a checkpoint of an earlier attempt, to resume from). */
    @GET
    @Path("/runs/{runId}/artifacts/{kind}/{name}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response getArtifact(@PathParam("runId") long runId, @PathParam("kind") String kind,
                                @PathParam("name") String name, @QueryParam("runner_id") long runnerId,
                                @QueryParam("attempt") int attempt) {
        capabilities(runnerId);
        ArtifactService.validate(kind, name);
        queue.requireHeld(runId, runnerId, attempt);
        Artifact artifact = artifacts.find(runId, kind, name)
                .orElseThrow(() -> ApiException.notFound("artifact", kind + "/" + name));
        return ArtifactResource.download(artifacts, artifact);
    }

    /** A dataset's files as one zip, addressed by checksum (runners cache by it). */
    @GET
    @Path("/datasets/{checksum}")
    @Produces("application/zip")
    public Response dataset(@PathParam("checksum") String checksum) {
        if (!checksum.matches("[0-9a-f]{64}")) {
            throw ApiException.invalid("checksum", "must be 64 lowercase hex characters");
        }
        Dataset dataset = QuarkusTransaction.joiningExisting().call(() ->
                Dataset.<Dataset>find("checksum", checksum).firstResultOptional())
                .orElseThrow(() -> ApiException.notFound("dataset", checksum));
        java.nio.file.Path dir = datasetFiles.directory(dataset);
        StreamingOutput body = out -> datasetFiles.writeZip(dir, out);
        return Response.ok(body, "application/zip").header("X-Umbra-Dataset-Checksum", checksum).build();
    }

    @POST
    @Path("/runs/{runId}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response complete(@PathParam("runId") long runId, Completion body) {
        if (body == null || body.status() == null) {
            throw ApiException.invalid("status", "is required: SUCCEEDED, FAILED or CANCELLED");
        }
        FinalStatus status;
        try {
            status = FinalStatus.valueOf(body.status());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("status", "must be SUCCEEDED, FAILED or CANCELLED");
        }
        capabilities(body.runnerId());
        queue.complete(runId, body.runnerId(), body.attempt(), status,
                body.error() == null ? null : tail(body.error(), 8_192));
        return Response.noContent().build();
    }

    @POST
    @Path("/runs/{runId}/release")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response release(@PathParam("runId") long runId, Release body) {
        if (body == null) {
            throw ApiException.invalid("(body)", "is required");
        }
        capabilities(body.runnerId());
        queue.release(runId, body.runnerId(), body.attempt());
        return Response.noContent().build();
    }

    private RunAssignment assignment(Lease lease) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.findById(lease.runId());
            Optional<Artifact> resume = artifacts.latestCheckpoint(lease.runId());
            return new RunAssignment(lease.runId(), lease.attempt(), lease.expiresAt(), run.runHash, run.resolvedSpec,
                    DatasetResource.toDto(run.dataset), resume.map(ArtifactResource::toDto).orElse(null));
        });
    }

    private int keepLast(long runId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Run run = Run.findById(runId);
            return run.resolvedSpec.path("checkpoint").path("keep_last").asInt(3);
        });
    }

    private RunnerCapabilities capabilities(long runnerId) {
        return runners.capabilities(runnerId, tokenId())
                .orElseThrow(() -> ApiException.notFound("runner of this token", runnerId));
    }

    private long tokenId() {
        Long id = identity.getAttribute(Access.TOKEN_ID);
        if (id == null) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        return id;
    }

    private static String json(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    private static String tail(String text, int max) {
        return text.length() <= max ? text : text.substring(text.length() - max);
    }
}

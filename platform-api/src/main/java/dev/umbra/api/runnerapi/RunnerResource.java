package dev.umbra.api.runnerapi;

import dev.umbra.api.artifact.Artifact;
import dev.umbra.api.artifact.ArtifactResource;
import dev.umbra.api.artifact.ArtifactService;
import dev.umbra.api.auth.Access;
import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.config.UmbraConfig;
import dev.umbra.api.dataset.Dataset;
import dev.umbra.api.dataset.DatasetFiles;
import dev.umbra.api.queue.QueueSignal;
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
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
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
import java.util.Optional;

/**
 * The runner protocol over HTTP. Runner tokens only; every call about a run carries the runner id
 * and the attempt, and a call whose attempt is no longer current is refused (409). What each call
 * does is {@link RunnerProtocol}'s, one transaction per call; this class only speaks HTTP.
 */
@Path("/api/v1/runner")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Caller.RUNNER)
public class RunnerResource {

    /** The longest a waiting claim goes without querying the queue, signal or not. */
    private static final Duration CLAIM_RECHECK = Duration.ofSeconds(2);
    /** How soon a waiting claim notices that its runner closed the connection. */
    private static final Duration CLOSED_CHECK = Duration.ofMillis(250);

    private final RunnerProtocol protocol;
    private final ArtifactService artifacts;
    private final DatasetFiles datasetFiles;
    private final SecurityIdentity identity;
    private final UmbraConfig config;
    private final QueueSignal signal;

    public RunnerResource(RunnerProtocol protocol, ArtifactService artifacts, DatasetFiles datasetFiles,
                          SecurityIdentity identity, UmbraConfig config, QueueSignal signal) {
        this.protocol = protocol;
        this.artifacts = artifacts;
        this.datasetFiles = datasetFiles;
        this.identity = identity;
        this.config = config;
        this.signal = signal;
    }

    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    public RunnerRegistered register(RunnerRegistration registration) {
        long runnerId = protocol.register(registration, tokenId());
        Duration lease = protocol.lease();
        return new RunnerRegistered(runnerId, lease.toSeconds(), Math.max(1, lease.toSeconds() / 4));
    }

    /**
     * Long poll: 200 with a run, or 204 when nothing eligible appeared within the wait. Between
     * attempts it sleeps on the {@link QueueSignal}, which any replica's queuing of a run raises
     * within milliseconds, and re-checks every {@link #CLAIM_RECHECK} regardless: a run whose
     * backoff ({@code not_before}) passes becomes claimable without any event, and a notification
     * can be lost while the listener reconnects.
     */
    @POST
    @Path("/claim")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response claim(ClaimRequest request, @Context HttpServerRequest http) throws InterruptedException {
        if (request == null) {
            throw ApiException.invalid("(body)", "is required");
        }
        long tokenId = tokenId();
        // No separate check of the runner first: the first claim below refuses another token's runner (404).
        long deadline = System.nanoTime() + Math.min(Math.max(request.waitSeconds(), 0),
                config.scheduler().maxClaimWait().toSeconds()) * 1_000_000_000L;
        while (true) {
            if (http.response().closed()) {
                // The runner went away while waiting (stopped or killed): a run leased now would sit
                // with nobody until its lease expired.
                return Response.noContent().build();
            }
            // Read before the query: a run queued while the query runs raises a newer generation.
            long seen = signal.generation();
            Optional<RunAssignment> assignment = protocol.claim(request.runnerId(), tokenId, request.runId());
            if (assignment.isPresent()) {
                return Response.ok(assignment.get()).build();
            }
            long recheckAt = Math.min(deadline, System.nanoTime() + CLAIM_RECHECK.toNanos());
            do {
                if (http.response().closed() || System.nanoTime() >= deadline) {
                    return Response.noContent().build();
                }
            } while (!signal.awaitAfter(seen, Math.min(CLOSED_CHECK.toMillis(), millisUntil(recheckAt)))
                    && System.nanoTime() < recheckAt);
        }
    }

    private static long millisUntil(long nanoTime) {
        return Math.max(1, (nanoTime - System.nanoTime()) / 1_000_000L);
    }

    @POST
    @Path("/runs/{runId}/heartbeat")
    @Consumes(MediaType.APPLICATION_JSON)
    public HeartbeatReply heartbeat(@PathParam("runId") long runId, Heartbeat beat) {
        return protocol.heartbeat(runId, beat, tokenId());
    }

    @POST
    @Path("/runs/{runId}/results")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response results(@PathParam("runId") long runId, RunResults body) {
        protocol.results(runId, body, tokenId());
        return Response.noContent().build();
    }

    /**
     * Uploads an artifact of a held run through the platform; {@code X-Umbra-Sha256}, when sent, is
     * verified. The bytes stream outside any transaction (an upload can take minutes).
     */
    @PUT
    @Path("/runs/{runId}/artifacts/{kind}/{name}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Response putArtifact(@PathParam("runId") long runId, @PathParam("kind") String kind,
                                @PathParam("name") String name, @QueryParam("runner_id") long runnerId,
                                @QueryParam("attempt") int attempt, @HeaderParam("X-Umbra-Sha256") String sha256,
                                @HeaderParam("Content-Length") Long length, InputStream content) {
        ArtifactService.validate(kind, name);
        protocol.requireHeld(runId, runnerId, attempt, tokenId());
        Artifact stored = artifacts.store(runId, kind, name, content, sha256, length, null);
        return Response.ok(protocol.recorded(runId, stored)).build();
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
        return protocol.recorded(runId,
                artifacts.confirm(runId, kind, name, body.sha256(), body.sizeBytes(), body.metadata()));
    }

    /** Downloads an artifact of a held run (a checkpoint of an earlier attempt, to resume from). */
    @GET
    @Path("/runs/{runId}/artifacts/{kind}/{name}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response getArtifact(@PathParam("runId") long runId, @PathParam("kind") String kind,
                                @PathParam("name") String name, @QueryParam("runner_id") long runnerId,
                                @QueryParam("attempt") int attempt) {
        Artifact artifact = protocol.artifactOfHeldRun(runId, runnerId, attempt, kind, name, tokenId());
        return ArtifactResource.download(artifacts, artifact);
    }

    /**
     * A dataset's files as one zip, addressed by checksum (runners cache by it), for a runner that
     * holds a run of the dataset's team ({@code run_id}, {@code runner_id}, {@code attempt}).
     */
    @GET
    @Path("/datasets/{checksum}")
    @Produces("application/zip")
    public Response dataset(@PathParam("checksum") String checksum, @QueryParam("run_id") Long runId,
                            @QueryParam("runner_id") Long runnerId, @QueryParam("attempt") Integer attempt) {
        if (runId == null || runnerId == null || attempt == null) {
            throw ApiException.invalid("run_id", "run_id, runner_id and attempt of a run this runner holds are required");
        }
        Dataset dataset = protocol.datasetOfHeldRun(checksum, runId, runnerId, attempt, tokenId());
        java.nio.file.Path dir = datasetFiles.directory(dataset);
        long teamId = dataset.teamId;
        StreamingOutput body = out -> datasetFiles.writeZip(dir, teamId, out);
        return Response.ok(body, "application/zip").header("X-Umbra-Dataset-Checksum", checksum).build();
    }

    @POST
    @Path("/runs/{runId}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response complete(@PathParam("runId") long runId, Completion body) {
        protocol.complete(runId, body, tokenId());
        return Response.noContent().build();
    }

    @POST
    @Path("/runs/{runId}/release")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response release(@PathParam("runId") long runId, Release body) {
        protocol.release(runId, body, tokenId());
        return Response.noContent().build();
    }

    private void requireHeld(long runId, String kind, String name, ArtifactUpload body) {
        if (body == null) {
            throw ApiException.invalid("(body)", "is required");
        }
        ArtifactService.validate(kind, name);
        protocol.requireHeld(runId, body.runnerId(), body.attempt(), tokenId());
    }

    private long tokenId() {
        Long id = identity.getAttribute(Access.TOKEN_ID);
        if (id == null) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        return id;
    }
}

package dev.umbra.api.artifact;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.run.RunService;
import dev.umbra.client.dto.ArtifactDto;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;

@Path("/api/v1/runs/{runId}/artifacts")
@Produces(MediaType.APPLICATION_JSON)
public class ArtifactResource {

    private final ArtifactService artifacts;
    private final RunService runs;

    public ArtifactResource(ArtifactService artifacts, RunService runs) {
        this.artifacts = artifacts;
        this.runs = runs;
    }

    @GET
    @Allowed(Caller.VIEWER)
    public List<ArtifactDto> list(@PathParam("runId") long runId) {
        requireRun(runId);
        return artifacts.list(runId).stream().map(ArtifactResource::toDto).toList();
    }

    /**
     * An artifact's bytes: a redirect to a short-lived presigned URL of the store where it can sign
     * one (S3), else streamed; {@code X-Umbra-Sha256} lets the client verify them either way.
     */
    @GET
    @Allowed(Caller.VIEWER)
    @Path("/{artifactId}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response content(@PathParam("runId") long runId, @PathParam("artifactId") long artifactId) {
        requireRun(runId);
        Artifact artifact = artifacts.get(runId, artifactId).orElseThrow(() -> ApiException.notFound("artifact", artifactId));
        return download(artifacts, artifact);
    }

    public static Response download(ArtifactService artifacts, Artifact artifact) {
        Optional<URI> direct = artifacts.presignedDownload(artifact);
        if (direct.isPresent()) {
            return Response.temporaryRedirect(direct.get()).header("X-Umbra-Sha256", artifact.blobSha256).build();
        }
        return Response.ok(artifacts.open(artifact), MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Length", artifact.sizeBytes)
                .header("Content-Disposition", "attachment; filename=\"" + artifact.name + "\"")
                .header("X-Umbra-Sha256", artifact.blobSha256)
                .build();
    }

    public static ArtifactDto toDto(Artifact a) {
        return new ArtifactDto(a.id, a.runId, a.kind, a.name, a.blobSha256, a.sizeBytes, a.metadata, a.createdAt);
    }

    private void requireRun(long runId) {
        if (runs.get(runId).isEmpty()) {
            throw ApiException.notFound("run", runId);
        }
    }
}

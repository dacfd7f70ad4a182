package dev.umbra.client.runner;

import dev.umbra.client.ApiProblemException;
import dev.umbra.client.HttpJson;
import dev.umbra.client.PlatformUnreachableException;
import dev.umbra.client.dto.ArtifactDto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The runner side of the runner protocol. A call whose attempt is no longer current throws
 * {@link StaleRunException}: the runner lost its run and must stop working on it.
 */
public final class RunnerClient {

    private static final Duration CALL = Duration.ofSeconds(30);
    private static final Duration TRANSFER = Duration.ofMinutes(30);

    private final HttpJson http;

    public RunnerClient(URI server, String token) {
        this.http = new HttpJson(server, token);
    }

    /** The runner lost the run (its lease expired and it was reassigned, or it ended): stop, report nothing. */
    public static final class StaleRunException extends RuntimeException {
        public StaleRunException(ApiProblemException cause) {
            super(cause.problem().detail(), cause);
        }
    }

    public RunnerRegistered register(RunnerRegistration registration) {
        return http.send("POST", "api/v1/runner/register", registration, RunnerRegistered.class, CALL);
    }

    /** Waits up to {@code waitSeconds} for a run; empty when none came. */
    /** Claims the best eligible run or, with {@code onlyRun}, that run only; empty after the wait. */
    public Optional<RunAssignment> claim(long runnerId, int waitSeconds, Long onlyRun) {
        return Optional.ofNullable(http.send("POST", "api/v1/runner/claim", new ClaimRequest(runnerId, waitSeconds, onlyRun),
                RunAssignment.class, Duration.ofSeconds(waitSeconds + 30L)));
    }

    public HeartbeatReply heartbeat(long runId, Heartbeat heartbeat) {
        return fenced(() -> http.send("POST", "api/v1/runner/runs/" + runId + "/heartbeat", heartbeat,
                HeartbeatReply.class, CALL));
    }

    public void results(long runId, RunResults results) {
        fenced(() -> http.send("POST", "api/v1/runner/runs/" + runId + "/results", results, Void.class, CALL));
    }

    public void complete(long runId, Completion completion) {
        fenced(() -> http.send("POST", "api/v1/runner/runs/" + runId + "/complete", completion, Void.class, CALL));
    }

    public void release(long runId, Release release) {
        fenced(() -> http.send("POST", "api/v1/runner/runs/" + runId + "/release", release, Void.class, CALL));
    }

    /**
     * Uploads a file as an artifact of the run: asks the platform how (a presigned URL of the store,
     * through the platform, or not at all when the store holds these bytes), moves the bytes, and
     * has the platform record the artifact once it verified them. Bytes that a concurrent garbage
     * collection removed before they were recorded are sent again.
     */
    public ArtifactDto putArtifact(long runId, long runnerId, int attempt, String kind, String name, Path file) {
        String sha256 = sha256(file);
        ArtifactUpload upload;
        try {
            upload = new ArtifactUpload(runnerId, attempt, sha256, Files.size(file), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String path = artifactPath(runId, kind, name);
        for (int sent = 1; ; sent++) {
            UploadTicket ticket = fenced(() -> http.send("POST", path + "/upload", upload, UploadTicket.class, CALL));
            switch (ticket.transfer()) {
                case UploadTicket.STREAM -> {
                    return stream(path + "?runner_id=" + runnerId + "&attempt=" + attempt, sha256, file);
                }
                case UploadTicket.PRESIGNED -> http.upload(URI.create(ticket.url()), ticket.headers(), file, TRANSFER);
                case UploadTicket.PRESENT -> {
                    // the store holds these bytes already: nothing to send
                }
                default -> throw new IllegalStateException("unknown upload transfer '" + ticket.transfer() + "'");
            }
            try {
                return fenced(() -> http.send("POST", path + "/confirm", upload, ArtifactDto.class, CALL));
            } catch (ApiProblemException e) {
                if (!(e.status() == 409 && "blob-missing".equals(e.kind()) && sent < 3)) {
                    throw e;
                }
            }
        }
    }

    private ArtifactDto stream(String path, String sha256, Path file) {
        HttpRequest request;
        try {
            request = http.request(path, TRANSFER)
                    .header("Content-Type", "application/octet-stream")
                    .header("Accept", "application/json")
                    .header("X-Umbra-Sha256", sha256)
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return fenced(() -> {
            HttpResponse<InputStream> response = http.exchange(request);
            try (InputStream in = response.body()) {
                return HttpJson.MAPPER.readValue(in, ArtifactDto.class);
            } catch (IOException e) {
                throw new PlatformUnreachableException("unreadable answer to an upload: " + e, e);
            }
        });
    }

    /**
     * Downloads an artifact of the run to {@code target} (from the platform or through the presigned
     * store URL it redirects to), verifying the checksum the platform sends.
     */
    public void getArtifact(long runId, long runnerId, int attempt, String kind, String name, Path target) {
        HttpRequest request = http.request(artifactPath(runId, kind, name) + "?runner_id=" + runnerId + "&attempt=" + attempt,
                TRANSFER).GET().build();
        fenced(() -> {
            http.download(request, target);
            return null;
        });
    }

    /** Downloads the zip of the dataset with this checksum of the team whose run this runner holds. */
    public void getDataset(String checksum, long runId, long runnerId, int attempt, Path target) {
        HttpRequest request = http.request("api/v1/runner/datasets/" + checksum + "?run_id=" + runId + "&runner_id="
                + runnerId + "&attempt=" + attempt, TRANSFER).GET().build();
        http.download(request, target);
    }

    private static String artifactPath(long runId, String kind, String name) {
        return "api/v1/runner/runs/" + runId + "/artifacts/" + kind + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static <T> T fenced(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiProblemException e) {
            if (e.status() == 409 && "stale-attempt".equals(e.kind())) {
                throw new StaleRunException(e);
            }
            throw e;
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream d = new DigestInputStream(in, digest)) {
                d.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}

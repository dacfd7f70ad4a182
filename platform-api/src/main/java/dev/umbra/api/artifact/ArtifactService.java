package dev.umbra.api.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.config.UmbraConfig;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.runner.UploadTicket;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Artifacts of runs: the bytes go to the {@link ArtifactStore} first (outside any database
 * transaction, hashed on the way), then one short transaction records the blob and the (run,
 * kind, name) reference. Storing the same name again replaces the reference.
 */
@ApplicationScoped
public class ArtifactService {

    public static final Set<String> KINDS = Set.of("checkpoint", "encoder", "embeddings", "logs", "report", "dataset");
    /** One path segment: no separators, no "..", no control characters, bounded. */
    public static final int MAX_NAME = 200;
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_NAME - 1) + "}");

    private static final Logger LOG = Logger.getLogger(ArtifactService.class);

    private final ArtifactStore store;
    private final EntityManager entities;
    private final Clock clock;
    private final UmbraConfig config;

    public ArtifactService(ArtifactStore store, EntityManager entities, Clock clock, UmbraConfig config) {
        this.store = store;
        this.entities = entities;
        this.clock = clock;
        this.config = config;
    }

    public static void validate(String kind, String name) {
        List<FieldError> errors = new ArrayList<>();
        if (!KINDS.contains(kind)) {
            errors.add(new FieldError("kind", "must be one of " + KINDS.stream().sorted().toList()));
        }
        String problem = nameProblem(name);
        if (problem != null) {
            errors.add(new FieldError("name", problem));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    /** What is wrong with an artifact name, most specific first; null when it is fine. */
    static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "is required";
        }
        if (name.length() > MAX_NAME) {
            return "is " + name.length() + " characters long; the limit is " + MAX_NAME;
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return "must not contain NUL or other control characters";
        }
        if (name.contains("..")) {
            return "must not contain '..'";
        }
        if (name.startsWith("/") || name.contains("/") || name.contains("\\")) {
            return "must be one path segment, not a path";
        }
        if (!NAME.matcher(name).matches()) {
            return "must match " + NAME.pattern();
        }
        return null;
    }

    static void validateChecksum(String field, String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw ApiException.invalid(field, "must be 64 lowercase hex characters");
        }
    }

    /**
     * Stores an artifact whose bytes stream through the platform. A declared checksum or size that
     * the bytes do not match is a 400 and nothing is recorded.
     */
    public Artifact store(long runId, String kind, String name, InputStream content, String expectedSha256,
                          Long expectedSize, JsonNode metadata) {
        validate(kind, name);
        if (expectedSha256 != null) {
            validateChecksum("X-Umbra-Sha256", expectedSha256);
        }
        ArtifactStore.StoredBlob blob;
        try {
            blob = store.put(content, expectedSha256);
        } catch (ArtifactStore.ChecksumMismatchException e) {
            throw ApiException.invalid("X-Umbra-Sha256", e.getMessage());
        } catch (IOException e) {
            throw storeUnavailable(e);
        }
        if (expectedSize != null && expectedSize != blob.size()) {
            throw ApiException.invalid("Content-Length", "declared " + expectedSize + " bytes, received " + blob.size());
        }
        return record(runId, kind, name, blob, metadata);
    }

    /**
     * How a runner should move an artifact's bytes: not at all when the store holds them already,
     * through a presigned URL when the store can sign one, else through the platform.
     */
    public UploadTicket ticket(String kind, String name, String sha256, long size) {
        validate(kind, name);
        validateChecksum("sha256", sha256);
        if (size < 0) {
            throw ApiException.invalid("size_bytes", "must not be negative");
        }
        try {
            if (store.size(sha256).isPresent()) {
                return new UploadTicket(UploadTicket.PRESENT, null, null, null);
            }
            return store.presignPut(sha256, config.artifacts().presignExpiry())
                    .map(p -> new UploadTicket(UploadTicket.PRESIGNED, p.url().toString(), p.headers(), p.expiresAt()))
                    .orElseGet(() -> new UploadTicket(UploadTicket.STREAM, null, null, null));
        } catch (IOException e) {
            throw storeUnavailable(e);
        }
    }

    /** Records an artifact whose bytes the runner put into the store itself, once the store holds them. */
    public Artifact confirm(long runId, String kind, String name, String sha256, long size, JsonNode metadata) {
        validate(kind, name);
        validateChecksum("sha256", sha256);
        return record(runId, kind, name, new ArtifactStore.StoredBlob(sha256, size), metadata);
    }

    /**
     * Records the blob and the (run, kind, name) reference in one transaction, after checking the
     * store holds the blob with this size. The blob row is locked first: a concurrent collection of
     * the same blob either finished before (the check below then finds it gone) or waits and then
     * finds it referenced again (orphaned_at cleared), so a recorded artifact never points at a
     * deleted blob.
     */
    private Artifact record(long runId, String kind, String name, ArtifactStore.StoredBlob blob, JsonNode metadata) {
        return QuarkusTransaction.requiringNew().call(() -> {
            entities.createNativeQuery("INSERT INTO blob (sha256, size_bytes) VALUES (?1, ?2) "
                            + "ON CONFLICT (sha256) DO UPDATE SET orphaned_at = NULL")
                    .setParameter(1, blob.sha256()).setParameter(2, blob.size()).executeUpdate();
            Optional<Long> stored;
            try {
                stored = store.size(blob.sha256());
            } catch (ArtifactStore.ChecksumMismatchException e) {
                throw ApiException.invalid("sha256", e.getMessage());
            } catch (IOException e) {
                throw storeUnavailable(e);
            }
            if (stored.isEmpty()) {
                throw ApiException.conflict("blob-missing", "the store holds no blob " + blob.sha256() + "; upload it (again)");
            }
            if (stored.get() != blob.size()) {
                throw ApiException.invalid("size_bytes", "declared " + blob.size() + " bytes, the store holds " + stored.get());
            }
            Artifact artifact = Artifact.<Artifact>find("runId = ?1 and kind = ?2 and name = ?3", runId, kind, name)
                    .firstResultOptional().orElseGet(Artifact::new);
            artifact.runId = runId;
            artifact.kind = kind;
            artifact.name = name;
            artifact.blobSha256 = blob.sha256();
            artifact.sizeBytes = blob.size();
            artifact.metadata = metadata == null ? JsonNodeFactory.instance.objectNode() : metadata;
            artifact.createdAt = Instant.now(clock);
            artifact.persist();
            return artifact;
        });
    }

    public List<Artifact> list(long runId) {
        return QuarkusTransaction.joiningExisting().call(() ->
                Artifact.<Artifact>find("runId", Sort.ascending("kind", "name"), runId).list());
    }

    public Optional<Artifact> find(long runId, String kind, String name) {
        return QuarkusTransaction.joiningExisting().call(() ->
                Artifact.<Artifact>find("runId = ?1 and kind = ?2 and name = ?3", runId, kind, name).firstResultOptional());
    }

    public Optional<Artifact> get(long runId, long artifactId) {
        return QuarkusTransaction.joiningExisting().call(() ->
                Artifact.<Artifact>find("id = ?1 and runId = ?2", artifactId, runId).firstResultOptional());
    }

    /** The newest checkpoint of a run: checkpoint names sort in training order. */
    public Optional<Artifact> latestCheckpoint(long runId) {
        return QuarkusTransaction.joiningExisting().call(() ->
                Artifact.<Artifact>find("runId = ?1 and kind = 'checkpoint'", Sort.descending("name"), runId)
                        .firstResultOptional());
    }

    /** Keeps the newest {@code keep} checkpoints of a run and drops the older references. */
    public void pruneCheckpoints(long runId, int keep) {
        QuarkusTransaction.requiringNew().run(() -> {
            List<Artifact> checkpoints = Artifact.<Artifact>find("runId = ?1 and kind = 'checkpoint'",
                    Sort.descending("name"), runId).list();
            checkpoints.stream().skip(keep).forEach(Artifact::delete);
        });
    }

    public InputStream open(Artifact artifact) {
        try {
            return store.open(artifact.blobSha256);
        } catch (IOException e) {
            throw new UncheckedIOException("blob " + artifact.blobSha256 + " is missing from the store", e);
        }
    }

    /** A short-lived URL to download the artifact straight from the store; empty for the local store. */
    public Optional<URI> presignedDownload(Artifact artifact) {
        try {
            return store.presignGet(artifact.blobSha256, artifact.name, config.artifacts().presignExpiry())
                    .map(ArtifactStore.Presigned::url);
        } catch (IOException e) {
            throw storeUnavailable(e);
        }
    }

    /** The store failed or is down: a 503, which runners retry with backoff. */
    static ApiException storeUnavailable(IOException e) {
        LOG.warn("artifact store call failed: " + e);
        return new ApiException(503, "store-unavailable", "Service unavailable",
                "the artifact store is unavailable; retry later", List.of());
    }
}

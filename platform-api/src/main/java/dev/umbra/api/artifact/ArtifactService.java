package dev.umbra.api.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.umbra.api.common.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
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
    public static final Pattern NAME = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final ArtifactStore store;
    private final EntityManager entities;
    private final Clock clock;

    public ArtifactService(ArtifactStore store, EntityManager entities, Clock clock) {
        this.store = store;
        this.entities = entities;
        this.clock = clock;
    }

    public static void validate(String kind, String name) {
        if (!KINDS.contains(kind)) {
            throw ApiException.invalid("kind", "must be one of " + KINDS.stream().sorted().toList());
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.invalid("name", "must be one path segment matching " + NAME.pattern());
        }
    }

    /**
     * Stores an artifact. A declared checksum or size that the bytes do not match is a 400 and
     * nothing is recorded.
     */
    public Artifact store(long runId, String kind, String name, InputStream content, String expectedSha256,
                          Long expectedSize, JsonNode metadata) {
        validate(kind, name);
        if (expectedSha256 != null && !expectedSha256.matches("[0-9a-f]{64}")) {
            throw ApiException.invalid("X-Umbra-Sha256", "must be 64 lowercase hex characters");
        }
        ArtifactStore.StoredBlob blob;
        try {
            blob = store.put(content, expectedSha256);
        } catch (ArtifactStore.ChecksumMismatchException e) {
            throw ApiException.invalid("X-Umbra-Sha256", e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store artifact " + kind + "/" + name + " of run " + runId, e);
        }
        if (expectedSize != null && expectedSize != blob.size()) {
            throw ApiException.invalid("Content-Length", "declared " + expectedSize + " bytes, received " + blob.size());
        }
        return QuarkusTransaction.requiringNew().call(() -> record(runId, kind, name, blob, metadata));
    }

    private Artifact record(long runId, String kind, String name, ArtifactStore.StoredBlob blob, JsonNode metadata) {
        entities.createNativeQuery("INSERT INTO blob (sha256, size_bytes) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, blob.sha256()).setParameter(2, blob.size()).executeUpdate();
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
}

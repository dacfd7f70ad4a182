package dev.umbra.api.artifact;

import dev.umbra.api.common.ClusterSingleton;
import dev.umbra.api.config.UmbraConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Garbage-collects blobs no artifact refers to any more (their runs were deleted, or newer
 * checkpoints replaced them): a blob first seen unreferenced is marked, and deleted from the store
 * and the database once it stayed unreferenced for {@code umbra.artifacts.gc-grace}. One replica
 * collects at a time ({@link ClusterSingleton}): each deletion is re-checked under the row lock and
 * would be safe twice, but two collections would mark, list and lock the same blobs for nothing.
 */
@ApplicationScoped
public class BlobCollector {

    private static final Logger LOG = Logger.getLogger(BlobCollector.class);
    private static final String UNREFERENCED = "NOT EXISTS (SELECT 1 FROM artifact a WHERE a.blob_sha256 = blob.sha256)";

    private final ArtifactStore store;
    private final EntityManager entities;
    private final Clock clock;
    private final UmbraConfig config;
    private final ClusterSingleton singleton;

    public BlobCollector(ArtifactStore store, EntityManager entities, Clock clock, UmbraConfig config,
                         ClusterSingleton singleton) {
        this.store = store;
        this.entities = entities;
        this.clock = clock;
        this.config = config;
        this.singleton = singleton;
    }

    @Scheduled(every = "${umbra.artifacts.gc-interval:1h}", delayed = "${umbra.artifacts.gc-interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        collect().filter(collected -> collected > 0)
                .ifPresent(collected -> LOG.infof("collected %d unreferenced blobs", collected));
    }

    /**
     * Marks newly unreferenced blobs and deletes those whose grace has passed; returns how many it
     * deleted, or empty when another replica is collecting right now.
     */
    public Optional<Integer> collect() {
        return singleton.callAlone("blob-collector", this::collectHere);
    }

    private int collectHere() {
        Instant now = Instant.now(clock);
        Timestamp cutoff = Timestamp.from(now.minus(config.artifacts().gcGrace()));
        List<String> due = QuarkusTransaction.requiringNew().call(() -> {
            entities.createNativeQuery("UPDATE blob SET orphaned_at = NULL WHERE orphaned_at IS NOT NULL AND NOT "
                    + UNREFERENCED).executeUpdate();
            entities.createNativeQuery("UPDATE blob SET orphaned_at = ?1 WHERE orphaned_at IS NULL AND " + UNREFERENCED)
                    .setParameter(1, Timestamp.from(now)).executeUpdate();
            @SuppressWarnings("unchecked")
            List<String> rows = entities.createNativeQuery("SELECT sha256 FROM blob WHERE orphaned_at <= ?1 AND "
                    + UNREFERENCED).setParameter(1, cutoff).getResultList();
            return rows;
        });
        int deleted = 0;
        for (String sha256 : due) {
            if (delete(sha256, cutoff)) {
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Deletes one blob's row, then its bytes, in one transaction: the row lock makes a concurrent
     * recording of the same blob wait, and that recording then finds the bytes gone and asks for
     * them again. A store failure rolls the row back, so the next collection retries.
     */
    private boolean delete(String sha256, Timestamp cutoff) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                // Re-checked under the lock: the blob may have been referenced again since it was listed.
                int rows = entities.createNativeQuery("DELETE FROM blob WHERE sha256 = ?1 AND orphaned_at <= ?2 AND "
                        + UNREFERENCED).setParameter(1, sha256).setParameter(2, cutoff).executeUpdate();
                if (rows == 0) {
                    return false;
                }
                try {
                    store.delete(sha256);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot delete blob " + sha256 + " from the store", e);
                }
                return true;
            });
        } catch (IllegalStateException e) {
            LOG.warn(e.getMessage() + "; kept for the next collection", e.getCause());
            return false;
        }
    }
}

package dev.umbra.api.auth;

import dev.umbra.api.config.UmbraConfig;
import dev.umbra.api.team.AccessChanged;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The identities of recently used secrets, keyed by the secret's SHA-256, so that a request does not
 * read its token, membership and user again (three queries) when the same token asked a moment ago.
 * <ul>
 * <li>On this replica a change is seen at once: revoking a token, adding, removing or re-roling a
 *     member fire {@link AccessChanged}, and every entry is forgotten when that transaction completes.</li>
 * <li>On other replicas, and for changes written behind the platform's back (SQL), an entry lives at
 *     most {@code umbra.auth.identity-cache} (default 5 s): so long a revoked token may still work there.</li>
 * <li>A token's expiry is checked on every request, cached or not.</li>
 * </ul>
 * Only valid secrets are remembered (an unknown one is looked up every time), at most
 * {@link #MAX_ENTRIES}; a full cache starts again empty.
 */
@ApplicationScoped
public class IdentityCache {

    static final int MAX_ENTRIES = 10_000;

    private record Entry(SecurityIdentity identity, Instant expiresAt, long storedNanos) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final long ttlNanos;

    @Inject
    public IdentityCache(UmbraConfig config) {
        this(config.auth().identityCache());
    }

    IdentityCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The identity remembered for this secret's hash, if it is fresh and its token not expired at {@code now}. */
    public Optional<SecurityIdentity> get(String secretHash, Instant now) {
        Entry entry = entries.get(secretHash);
        if (entry == null) {
            return Optional.empty();
        }
        if (System.nanoTime() - entry.storedNanos() >= ttlNanos || (entry.expiresAt() != null && !entry.expiresAt().isAfter(now))) {
            entries.remove(secretHash, entry);
            return Optional.empty();
        }
        return Optional.of(entry.identity());
    }

    /** Read before looking a secret up in the database; pass it to {@link #put}. */
    public long generation() {
        return generation.get();
    }

    /**
     * Remembers an identity read from the database at {@code generationRead}. Race: a change may have
     * committed between that read and now, so the identity may be stale; then the generation moved on
     * and it is not stored.
     */
    public void put(String secretHash, long generationRead, SecurityIdentity identity, Instant expiresAt) {
        if (ttlNanos <= 0) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(secretHash, new Entry(identity, expiresAt, System.nanoTime()));
        if (generation.get() != generationRead) {
            entries.remove(secretHash); // a change committed meanwhile (checked after the put, so none slips between)
        }
    }

    /** Forgets every identity (also what a change written behind the platform's back needs, e.g. in tests). */
    public void invalidateAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** After the change's transaction completed (at once when there was none): a rolled-back one costs only lookups. */
    void onAccessChanged(@Observes(during = TransactionPhase.AFTER_COMPLETION) AccessChanged change) {
        invalidateAll();
    }
}

package dev.umbra.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdentityCacheTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final SecurityIdentity alice = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("alice")).build();

    @Test
    void aFreshEntryIsAnsweredUntilEverythingIsForgotten() {
        IdentityCache cache = new IdentityCache(Duration.ofMinutes(1));
        cache.put("h", cache.generation(), alice, null);
        assertThat(cache.get("h", NOW)).containsSame(alice);
        assertThat(cache.get("other", NOW)).isEmpty();

        cache.invalidateAll();
        assertThat(cache.get("h", NOW)).isEmpty();
    }

    @Test
    void anIdentityReadBeforeAChangeCommittedIsNotRemembered() {
        IdentityCache cache = new IdentityCache(Duration.ofMinutes(1));
        long before = cache.generation();
        cache.invalidateAll(); // a revocation commits while the lookup reads the old row
        cache.put("h", before, alice, null);
        assertThat(cache.get("h", NOW)).isEmpty();
    }

    @Test
    void aTokenExpiresOnTimeEvenWhenRemembered() {
        IdentityCache cache = new IdentityCache(Duration.ofMinutes(1));
        cache.put("h", cache.generation(), alice, NOW.plusSeconds(1));
        assertThat(cache.get("h", NOW)).containsSame(alice);
        assertThat(cache.get("h", NOW.plusSeconds(1))).isEmpty();
        assertThat(cache.get("h", NOW)).as("an expired entry is dropped").isEmpty();
    }

    @Test
    void anEntryLivesNoLongerThanTheConfiguredTime() {
        IdentityCache cache = new IdentityCache(Duration.ofNanos(1));
        cache.put("h", cache.generation(), alice, null);
        assertThat(cache.get("h", NOW)).isEmpty();

        IdentityCache off = new IdentityCache(Duration.ZERO);
        off.put("h", off.generation(), alice, null);
        assertThat(off.get("h", NOW)).isEmpty();
    }
}

package dev.umbra.api.auth;

import dev.umbra.api.team.AccessChanged;
import dev.umbra.api.team.AppUser;
import dev.umbra.api.team.Role;
import dev.umbra.api.team.TeamMember;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
@Transactional
public class TokenService {

    /** A token as created: the secret is shown once and never stored. */
    public record MintedToken(long id, String secret) {
    }

    /**
     * Who a valid token speaks for. {@code role} is empty for runner tokens; for user tokens it is
     * the user's role in the token's team capped by the token's scope; for sessions the user's role.
     */
    public record Holder(ApiToken token, Optional<AppUser> user, Optional<Role> role) {
    }

    private final Clock clock;
    private final Event<AccessChanged> accessChanged;

    public TokenService(Clock clock, Event<AccessChanged> accessChanged) {
        this.clock = clock;
        this.accessChanged = accessChanged;
    }

    /**
     * A runner token: its runners claim only {@code teamId}'s runs, or, with no team (a platform
     * runner token, for a GPU pool shared by every team), any team's; either touches only the runs
     * its runners hold.
     */
    public MintedToken mintRunnerToken(String name, Optional<Long> teamId) {
        return mint(ApiToken.RUNNER, name, null, teamId.orElse(null), null, null);
    }

    /** A user's API token acting for one team with at most {@code scope}'s role. */
    public MintedToken mintUserToken(AppUser user, long teamId, String name, Role scope, Instant expiresAt) {
        return mint(ApiToken.USER, name, user.id, teamId, scope.scope(), expiresAt);
    }

    /**
     * Stores a token whose secret was chosen by configuration (the first admin's, so tests and
     * scripted installs know it in advance); returns the secret.
     */
    public String adoptUserToken(AppUser user, long teamId, String name, Role scope, String secret) {
        if (secret.length() < 20) {
            throw new IllegalArgumentException("umbra.auth.bootstrap-token must be at least 20 characters");
        }
        save(ApiToken.USER, name, Tokens.hash(secret), user.id, teamId, scope.scope(), null);
        return secret;
    }

    /** A portal session of a user in their team. */
    public MintedToken mintSession(AppUser user, long teamId, Duration ttl) {
        return mint(ApiToken.SESSION, "portal session", user.id, teamId, null, Instant.now(clock).plus(ttl));
    }

    private MintedToken mint(String kind, String name, Long userId, Long teamId, String scope, Instant expiresAt) {
        String secret = Tokens.newSecret(kind);
        ApiToken token = save(kind, name, Tokens.hash(secret), userId, teamId, scope, expiresAt);
        return new MintedToken(token.id, secret);
    }

    private ApiToken save(String kind, String name, String hash, Long userId, Long teamId, String scope, Instant expiresAt) {
        ApiToken token = new ApiToken();
        token.kind = kind;
        token.name = name;
        token.tokenHash = hash;
        token.userId = userId;
        token.teamId = teamId;
        token.scope = scope;
        token.createdAt = Instant.now(clock);
        token.expiresAt = expiresAt;
        token.persist();
        return token;
    }

    /** The valid (not revoked, not expired) token with this secret. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ApiToken> verify(String secret) {
        return verifyHash(Tokens.hash(secret));
    }

    private Optional<ApiToken> verifyHash(String secretHash) {
        Optional<ApiToken> token = ApiToken.<ApiToken>find("tokenHash", secretHash).firstResultOptional();
        return token.filter(t -> t.isValidAt(Instant.now(clock)));
    }

    /**
     * Who the secret speaks for, with the role read now: removing a member or lowering their role
     * takes effect on their next request, whatever tokens they hold. Empty for an unknown, expired
     * or revoked token, and for a user token whose user is no longer in the token's team.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    @ActivateRequestContext // also called for HTTP permissions (/q/metrics), outside any REST request
    public Optional<Holder> holder(String secret) {
        return holderOfHash(Tokens.hash(secret));
    }

    /** {@link #holder}, given the secret's SHA-256 ({@link Tokens#hash}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    @ActivateRequestContext
    public Optional<Holder> holderOfHash(String secretHash) {
        Optional<ApiToken> found = verifyHash(secretHash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiToken token = found.get();
        if (ApiToken.RUNNER.equals(token.kind)) {
            return Optional.of(new Holder(token, Optional.empty(), Optional.empty()));
        }
        Optional<TeamMember> membership = TeamMember.of(token.teamId, token.userId);
        if (membership.isEmpty()) {
            return Optional.empty();
        }
        Role role = membership.get().role();
        if (token.scope != null) {
            role = Role.weaker(role, Role.ofScope(token.scope).orElseThrow());
        }
        return Optional.of(new Holder(token, AppUser.findByIdOptional(token.userId), Optional.of(role)));
    }

    /** Revokes the valid runner tokens of this name of a team, or (empty) of the platform. */
    public void revokeRunnerTokens(String name, Optional<Long> teamId) {
        runnerTokens(teamId).stream().filter(t -> t.name.equals(name) && t.revokedAt == null)
                .forEach(t -> t.revokedAt = Instant.now(clock));
        accessChanged.fire(new AccessChanged("runner tokens revoked"));
    }

    /** The runner tokens of a team, or (empty) the platform's, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ApiToken> runnerTokens(Optional<Long> teamId) {
        return teamId.isPresent()
                ? ApiToken.<ApiToken>list("kind = ?1 and teamId = ?2 order by id desc", ApiToken.RUNNER, teamId.get())
                : ApiToken.<ApiToken>list("kind = ?1 and teamId is null order by id desc", ApiToken.RUNNER);
    }

    /** The user tokens of a team, newest first; only {@code userId}'s when it is given. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ApiToken> userTokens(long teamId, Optional<Long> userId) {
        return userId.isPresent()
                ? ApiToken.<ApiToken>list("kind = ?1 and teamId = ?2 and userId = ?3 order by id desc", ApiToken.USER, teamId, userId.get())
                : ApiToken.<ApiToken>list("kind = ?1 and teamId = ?2 order by id desc", ApiToken.USER, teamId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ApiToken> find(long tokenId) {
        return ApiToken.findByIdOptional(tokenId);
    }

    /** Revokes a token now; false when it was already revoked. */
    public boolean revoke(long tokenId) {
        ApiToken token = ApiToken.findById(tokenId);
        if (token == null || token.revokedAt != null) {
            return false;
        }
        token.revokedAt = Instant.now(clock);
        accessChanged.fire(new AccessChanged("token revoked"));
        return true;
    }
}

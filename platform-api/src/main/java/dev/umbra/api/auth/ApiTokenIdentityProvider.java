package dev.umbra.api.auth;

import dev.umbra.api.team.AppUser;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.api.team.Role;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns a bearer secret (header or session cookie) into an identity: role {@code runner} for
 * runner tokens (with the team it serves, unless it is a platform runner token); for user tokens
 * and sessions the role {@code user}, the team role and every weaker one, {@code platform-admin}
 * where it applies, plus the team, user, scope and (sessions) CSRF token as attributes ({@link Access}).
 * A secret used a moment ago is answered from {@link IdentityCache}, on the calling thread.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final TokenService tokens;
    private final IdentityCache cache;
    private final Clock clock;

    public ApiTokenIdentityProvider(TokenService tokens, IdentityCache cache, Clock clock) {
        this.tokens = tokens;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String secret = request.getToken().getToken();
        String hash = Tokens.hash(secret);
        Optional<SecurityIdentity> cached = cache.get(hash, Instant.now(clock));
        if (cached.isPresent()) {
            return Uni.createFrom().item(cached.get());
        }
        return context.runBlocking(() -> {
            long generation = cache.generation();
            TokenService.Holder holder = tokens.holderOfHash(hash)
                    .orElseThrow(() -> new AuthenticationFailedException("unknown, expired or revoked token"));
            SecurityIdentity identity = identity(secret, holder);
            cache.put(hash, generation, identity, holder.token().expiresAt);
            return identity;
        });
    }

    private static SecurityIdentity identity(String secret, TokenService.Holder holder) {
        ApiToken token = holder.token();
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .addAttribute(Access.TOKEN_ID, token.id);
        if (holder.user().isEmpty()) {
            identity.setPrincipal(new QuarkusPrincipal(token.kind + "-token-" + token.id)).addRole(Access.RUNNER_ROLE);
            if (token.teamId != null) {
                identity.addAttribute(Access.RUNNER_TEAM_ID, token.teamId);
            }
            return identity.build();
        }
        AppUser user = holder.user().get();
        identity.setPrincipal(new QuarkusPrincipal(user.username))
                .addAttribute(CurrentTeam.TEAM_ID, token.teamId)
                .addAttribute(CurrentTeam.USER_ID, token.userId)
                .addAttribute(Access.USERNAME, user.username)
                .addRole(Access.USER_ROLE);
        holder.role().orElseThrow().grantedRoles().forEach(identity::addRole);
        if (token.scope != null) {
            identity.addAttribute(Access.SCOPE, token.scope);
        }
        boolean session = ApiToken.SESSION.equals(token.kind);
        if (session) {
            identity.addAttribute(Access.CSRF, Tokens.csrf(secret));
        }
        // Platform administration needs the user's flag and a credential of full strength.
        if (user.platformAdmin && (session || Role.ADMIN.scope().equals(token.scope))) {
            identity.addRole(Access.PLATFORM_ADMIN_ROLE);
        }
        return identity.build();
    }
}

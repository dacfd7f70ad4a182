package dev.umbra.api.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a bearer secret (header or session cookie) into an identity: role {@code runner} for
 * runner tokens; for user tokens and sessions the team role and every weaker one, plus the team,
 * user and (sessions) CSRF token as attributes ({@link Access}).
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final TokenService tokens;

    public ApiTokenIdentityProvider(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> identity(request.getToken().getToken()));
    }

    private SecurityIdentity identity(String secret) {
        TokenService.Holder holder = tokens.holder(secret)
                .orElseThrow(() -> new AuthenticationFailedException("unknown, expired or revoked token"));
        ApiToken token = holder.token();
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .addAttribute(Access.TOKEN_ID, token.id);
        if (holder.user().isEmpty()) {
            return identity.setPrincipal(new QuarkusPrincipal(token.kind + "-token-" + token.id)).addRole(token.kind).build();
        }
        String username = holder.user().get().username;
        identity.setPrincipal(new QuarkusPrincipal(username))
                .addAttribute(Access.TEAM_ID, token.teamId)
                .addAttribute(Access.USER_ID, token.userId)
                .addAttribute(Access.USERNAME, username);
        holder.role().orElseThrow().grantedRoles().forEach(identity::addRole);
        if (ApiToken.SESSION.equals(token.kind)) {
            identity.addAttribute(Access.CSRF, Tokens.csrf(secret));
        }
        return identity.build();
    }
}

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

/** Turns a bearer secret into an identity: role {@code runner} for runner tokens. */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** The identity attribute holding the token's id. */
    public static final String TOKEN_ID = "umbra.token-id";

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
        ApiToken token = tokens.verify(secret)
                .orElseThrow(() -> new AuthenticationFailedException("unknown, expired or revoked token"));
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(token.kind + "-token-" + token.id))
                .addRole(token.kind)
                .addAttribute(TOKEN_ID, token.id)
                .build();
    }
}

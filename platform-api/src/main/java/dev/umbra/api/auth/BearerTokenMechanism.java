package dev.umbra.api.auth;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The platform's own secrets: {@code Authorization: Bearer <token>} (API and runner tokens) or,
 * without that header, the portal's session cookie. Both resolve through {@link ApiTokenIdentityProvider}.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader("Authorization");
        String secret = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            secret = header.substring(7).strip();
        } else if (header == null || header.isBlank()) {
            Cookie session = context.request().getCookie(Access.SESSION_COOKIE);
            secret = session == null ? null : session.getValue();
        }
        if (secret == null || secret.isEmpty()) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        return identities.authenticate(new TokenAuthenticationRequest(new TokenCredential(secret, "bearer")));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }
}

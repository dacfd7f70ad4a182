package dev.umbra.api.auth;

import dev.umbra.api.common.ApiException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link AccessPolicy} to every REST request before it reaches a resource, and the CSRF
 * check to state-changing requests made with the portal's session cookie. Refusals are thrown,
 * so {@link dev.umbra.api.common.ProblemMappers} renders them as problem documents.
 */
public class AccessFilter {

    private final CurrentIdentityAssociation identities;

    public AccessFilter(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Void> authorize(ContainerRequestContext request) {
        String method = request.getMethod();
        AccessPolicy.Requirement required = AccessPolicy.required(method, request.getUriInfo().getPath());
        if (required instanceof AccessPolicy.Open) {
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity().invoke(identity -> check(required, identity, method, request)).replaceWithVoid();
    }

    private static void check(AccessPolicy.Requirement required, SecurityIdentity identity, String method,
                              ContainerRequestContext request) {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        boolean allowed = required instanceof AccessPolicy.TeamRole team
                ? identity.hasRole(team.role().id())
                : identity.hasRole(ApiToken.RUNNER);
        if (!allowed) {
            throw new ForbiddenException();
        }
        String csrf = identity.getAttribute(Access.CSRF);
        if (csrf != null && !AccessPolicy.isSafe(method) && !sameText(csrf, request.getHeaderString(Access.CSRF_HEADER))) {
            throw new ApiException(403, "csrf", "Forbidden",
                    "send the session's CSRF token in the " + Access.CSRF_HEADER + " header", List.of());
        }
    }

    private static boolean sameText(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}

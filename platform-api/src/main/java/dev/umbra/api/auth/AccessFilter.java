package dev.umbra.api.auth;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.team.Role;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one access policy: every REST request is authorised on the resource method JAX-RS selected,
 * by that method's {@link Allowed} (or its class'), so no spelling of a path (trailing or double
 * slashes, percent-encoding, matrix parameters) reaches a method unchecked. A method without a
 * policy is refused. State-changing requests made with the portal's session cookie must also
 * repeat the session's CSRF token. Refusals are thrown, so {@link dev.umbra.api.common.ProblemMappers}
 * renders them as problem documents. Which team's rows a request sees is decided by
 * {@link dev.umbra.api.team.CurrentTeam}, not here.
 */
public class AccessFilter {

    private static final Logger LOG = Logger.getLogger(AccessFilter.class);

    private final CurrentIdentityAssociation identities;

    public AccessFilter(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /** The policy of a resource method: its own {@link Allowed}, else its class'; empty when neither has one. */
    public static Optional<Caller> policy(Method method, Class<?> resource) {
        Allowed allowed = method.getAnnotation(Allowed.class);
        if (allowed == null) {
            allowed = resource.getAnnotation(Allowed.class);
        }
        return Optional.ofNullable(allowed).map(Allowed::value);
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Void> authorize(ContainerRequestContext request, ResourceInfo resource) {
        Optional<Caller> policy = policy(resource.getResourceMethod(), resource.getResourceClass());
        if (policy.isEmpty()) {
            LOG.errorf("Refused a request to %s.%s: the method has no access policy (@Allowed)",
                    resource.getResourceClass().getSimpleName(), resource.getResourceMethod().getName());
            throw new ForbiddenException();
        }
        Caller required = policy.get();
        if (required == Caller.ANYONE) {
            return Uni.createFrom().voidItem();
        }
        String method = request.getMethod();
        return identities.getDeferredIdentity().invoke(identity -> check(required, identity, method, request)).replaceWithVoid();
    }

    private static void check(Caller required, SecurityIdentity identity, String method, ContainerRequestContext request) {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        if (!admits(required, identity)) {
            throw new ForbiddenException();
        }
        String csrf = identity.getAttribute(Access.CSRF);
        if (csrf != null && !Access.isSafe(method) && !sameText(csrf, request.getHeaderString(Access.CSRF_HEADER))) {
            throw new ApiException(403, "csrf", "Forbidden",
                    "send the session's CSRF token in the " + Access.CSRF_HEADER + " header", List.of());
        }
    }

    /** Whether an authenticated identity is such a caller. */
    static boolean admits(Caller caller, SecurityIdentity identity) {
        return switch (caller) {
            case ANYONE -> true;
            case USER -> identity.hasRole(Access.USER_ROLE);
            case USER_WRITE -> identity.hasRole(Access.USER_ROLE)
                    && (Access.tokenScope(identity).isEmpty() || identity.hasRole(Role.MEMBER.id()));
            case VIEWER -> identity.hasRole(Role.VIEWER.id());
            case MEMBER -> identity.hasRole(Role.MEMBER.id());
            case ADMIN -> identity.hasRole(Role.ADMIN.id());
            case PLATFORM_ADMIN -> identity.hasRole(Access.PLATFORM_ADMIN_ROLE);
            case RUNNER -> identity.hasRole(Access.RUNNER_ROLE);
        };
    }

    private static boolean sameText(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}

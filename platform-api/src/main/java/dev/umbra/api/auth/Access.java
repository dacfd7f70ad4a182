package dev.umbra.api.auth;

import dev.umbra.api.team.Role;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an authenticated identity carries besides its team roles: attribute and security-role
 * names. The team and user a request acts for are {@link dev.umbra.api.team.CurrentTeam}'s attributes.
 */
public final class Access {

    /** The id of the token or session that authenticated the request. */
    public static final String TOKEN_ID = "umbra.token-id";
    public static final String USERNAME = "umbra.username";
    /** A user token's scope (read, write, admin); absent for sessions and runner tokens. */
    public static final String SCOPE = "umbra.scope";
    /** The team a team runner token serves; absent for a platform runner token. */
    public static final String RUNNER_TEAM_ID = "umbra.runner-team-id";
    /** The CSRF token a session's state-changing requests must repeat in {@link #CSRF_HEADER}. */
    public static final String CSRF = "umbra.csrf";

    /** Security role of every user credential (session or user token). */
    public static final String USER_ROLE = "user";
    /** Security role of a platform administrator's session or admin-scoped token. */
    public static final String PLATFORM_ADMIN_ROLE = "platform-admin";
    /** Security role of runner tokens (team or platform). */
    public static final String RUNNER_ROLE = ApiToken.RUNNER;

    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String SESSION_COOKIE = "umbra_session";
    public static final String CSRF_COOKIE = "umbra_csrf";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private Access() {
    }

    /** The strongest team role the identity holds (viewer when it holds none, e.g. a runner token). */
    public static Role role(SecurityIdentity identity) {
        return List.of(Role.ADMIN, Role.MEMBER, Role.VIEWER).stream().filter(r -> identity.hasRole(r.id())).findFirst()
                .orElse(Role.VIEWER);
    }

    /** The scope of the user token that authenticated the request; empty for a session. */
    public static Optional<Role> tokenScope(SecurityIdentity identity) {
        return Optional.ofNullable(identity.<String>getAttribute(SCOPE)).flatMap(Role::ofScope);
    }

    /** Methods that change nothing: no CSRF token needed, not audited. */
    public static boolean isSafe(String method) {
        return SAFE_METHODS.contains(method);
    }
}

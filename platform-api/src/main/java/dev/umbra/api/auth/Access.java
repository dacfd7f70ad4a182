package dev.umbra.api.auth;

import dev.umbra.api.team.Role;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.List;

/** What an authenticated identity carries besides its roles (attribute names). */
public final class Access {

    /** The id of the token or session that authenticated the request. */
    public static final String TOKEN_ID = "umbra.token-id";
    /** The team the request acts for (user tokens and sessions only). */
    public static final String TEAM_ID = "umbra.team-id";
    public static final String USER_ID = "umbra.user-id";
    public static final String USERNAME = "umbra.username";
    /** The CSRF token a session's state-changing requests must repeat in {@link #CSRF_HEADER}. */
    public static final String CSRF = "umbra.csrf";

    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String SESSION_COOKIE = "umbra_session";
    public static final String CSRF_COOKIE = "umbra_csrf";

    private Access() {
    }

    /** The strongest team role the identity holds (viewer when it holds none, e.g. a runner token). */
    public static Role role(SecurityIdentity identity) {
        return List.of(Role.ADMIN, Role.MEMBER, Role.VIEWER).stream().filter(r -> identity.hasRole(r.id())).findFirst()
                .orElse(Role.VIEWER);
    }
}

package dev.umbra.api.team;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * The team a request acts for: the team of the token or session that authenticated it. Every
 * query is scoped by this id, so another team's rows are simply not found (404, and ids don't leak).
 * Start-up tasks (no HTTP request) act for the team {@code default}, which migration V1 creates.
 */
@ApplicationScoped
public class CurrentTeam {

    /** Identity attribute: the team a user's token or session acts for. */
    public static final String TEAM_ID = "umbra.team-id";
    /** Identity attribute: the user behind a token or session. */
    public static final String USER_ID = "umbra.user-id";

    private final Instance<SecurityIdentity> identity;
    private final Instance<CurrentVertxRequest> request;
    private volatile Long defaultTeamId;

    public CurrentTeam(Instance<SecurityIdentity> identity, Instance<CurrentVertxRequest> request) {
        this.identity = identity;
        this.request = request;
    }

    public long id() {
        if (!io.quarkus.arc.Arc.container().requestContext().isActive() || request.get().getCurrent() == null) {
            return defaultId();
        }
        Long team = identity.get().getAttribute(TEAM_ID);
        if (team == null) {
            // AccessFilter lets no request without a team reach a team-scoped service; this is the backstop.
            throw new UnauthorizedException();
        }
        return team;
    }

    /** The user the request comes from (user tokens and sessions only). */
    public long userId() {
        Long user = identity.get().getAttribute(USER_ID);
        if (user == null) {
            throw new UnauthorizedException();
        }
        return user;
    }

    /** The team {@code default}: the first admin's team and the one start-up tasks act for. */
    public long defaultId() {
        Long id = defaultTeamId;
        if (id == null) {
            // Team names are not unique across the platform: the seeded one is the oldest of that name.
            Team team = Team.find("name = 'default' order by id").firstResult();
            if (team == null) {
                throw new IllegalStateException("team 'default' is missing: migration V1 seeds it");
            }
            id = team.id;
            defaultTeamId = id;
        }
        return id;
    }
}

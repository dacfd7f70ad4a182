package dev.umbra.api.audit;

import dev.umbra.api.auth.Access;
import dev.umbra.api.team.CurrentTeam;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Records every state-changing request a user made that succeeded (who, what, when), in a transaction
 * of its own after the request's, unless the resource method already wrote the row with its work
 * ({@link AuditLog#recordWithTheWork}). The runner protocol is left out: runners only report on runs
 * they hold, many times a minute.
 */
public class AuditFilter {

    private final AuditLog log;
    private final CurrentIdentityAssociation identities;
    private final AuditedRequest audited;

    public AuditFilter(AuditLog log, CurrentIdentityAssociation identities, AuditedRequest audited) {
        this.log = log;
        this.identities = identities;
        this.audited = audited;
    }

    /** Whether a request of this method and path that was answered with this status is audited (when a user made it). */
    static boolean audits(String method, String path, int status) {
        return !Access.isSafe(method) && status < 400 && path.startsWith("/api/v1/") && !path.startsWith("/api/v1/runner/");
    }

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        String path = request.getUriInfo().getPath();
        if (!audits(method, path, response.getStatus()) || audited.isRecorded()) {
            return;
        }
        SecurityIdentity identity = identities.getIdentity();
        Long team = identity.getAttribute(CurrentTeam.TEAM_ID);
        if (team == null) {
            return; // signing in: the session it creates is audited when it is used
        }
        log.record(team, identity.getAttribute(CurrentTeam.USER_ID), identity.getAttribute(Access.TOKEN_ID),
                identity.getAttribute(Access.USERNAME), method, path, response.getStatus());
    }
}

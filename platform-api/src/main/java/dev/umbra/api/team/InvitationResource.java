package dev.umbra.api.team;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.client.dto.InvitationDto;
import dev.umbra.client.dto.TeamDto;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The caller's own invitations to other teams: list, accept (they join with the invited role), decline. */
@Path("/api/v1/invitations")
@Produces(MediaType.APPLICATION_JSON)
public class InvitationResource {

    private final TeamService teams;
    private final CurrentTeam current;

    public InvitationResource(TeamService teams, CurrentTeam current) {
        this.teams = teams;
        this.current = current;
    }

    @GET
    @Allowed(Caller.USER)
    public List<InvitationDto> mine() {
        return teams.invitationsOf(current.userId()).stream().map(InvitationResource::dto).toList();
    }

    @POST
    @Path("/{id}/accept")
    @Allowed(Caller.USER_WRITE)
    public TeamDto accept(@PathParam("id") long id) {
        TeamService.Membership joined = teams.accept(current.userId(), id)
                .orElseThrow(() -> ApiException.notFound("invitation", id));
        return TeamResource.dto(joined.team(), joined.role());
    }

    @POST
    @Path("/{id}/decline")
    @Allowed(Caller.USER_WRITE)
    public Response decline(@PathParam("id") long id) {
        if (!teams.decline(current.userId(), id)) {
            throw ApiException.notFound("invitation", id);
        }
        return Response.noContent().build();
    }

    static InvitationDto dto(TeamService.Invitation i) {
        return new InvitationDto(i.invitation().id, i.team().id, i.team().name, i.user().username, i.invitation().role,
                i.invitedBy().map(u -> u.username).orElse(null), i.invitation().createdAt);
    }
}

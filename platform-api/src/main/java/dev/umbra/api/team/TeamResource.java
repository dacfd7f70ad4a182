package dev.umbra.api.team;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.client.dto.CreateTeamRequest;
import dev.umbra.client.dto.InvitationDto;
import dev.umbra.client.dto.MemberDto;
import dev.umbra.client.dto.MemberRequest;
import dev.umbra.client.dto.TeamDto;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Teams: the caller's teams, creating a team (an admin's; they become its admin), and the members
 * and invitations of the team the request acts for. Another team's id is 404 even to its members:
 * a token or session acts for one team.
 */
@Path("/api/v1/teams")
@Produces(MediaType.APPLICATION_JSON)
public class TeamResource {

    private final TeamService teams;
    private final CurrentTeam current;

    public TeamResource(TeamService teams, CurrentTeam current) {
        this.teams = teams;
        this.current = current;
    }

    @GET
    @Allowed(Caller.USER)
    public List<TeamDto> mine() {
        return teams.teamsOf(current.userId()).stream().map(m -> dto(m.team(), m.role())).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Caller.ADMIN)
    public Response create(CreateTeamRequest request) {
        Team team = teams.create(request == null ? null : request.name(), current.userId());
        return Response.status(201).entity(dto(team, Role.ADMIN)).build();
    }

    @GET
    @Path("/{teamId}/members")
    @Allowed(Caller.VIEWER)
    public List<MemberDto> members(@PathParam("teamId") long teamId) {
        return teams.members(own(teamId)).stream().map(TeamResource::dto).toList();
    }

    /** 200 with the member when the user joined or changed role; 202 with the invitation when they were invited. */
    @POST
    @Path("/{teamId}/members")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Caller.ADMIN)
    public Response put(@PathParam("teamId") long teamId, MemberRequest request) {
        // An admin's credential is a session or an admin-scoped token, so the user's flag alone decides.
        AppUser actor = AppUser.findById(current.userId());
        TeamService.Added added = teams.put(own(teamId), request, actor.id, actor.platformAdmin);
        return added.member().map(m -> Response.ok(dto(m)).build())
                .orElseGet(() -> Response.accepted(InvitationResource.dto(added.invitation().orElseThrow())).build());
    }

    @DELETE
    @Path("/{teamId}/members/{userId}")
    @Allowed(Caller.ADMIN)
    public Response remove(@PathParam("teamId") long teamId, @PathParam("userId") long userId) {
        if (!teams.remove(own(teamId), userId)) {
            throw ApiException.notFound("member", userId);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/{teamId}/invitations")
    @Allowed(Caller.ADMIN)
    public List<InvitationDto> invitations(@PathParam("teamId") long teamId) {
        return teams.invitations(own(teamId)).stream().map(InvitationResource::dto).toList();
    }

    @DELETE
    @Path("/{teamId}/invitations/{invitationId}")
    @Allowed(Caller.ADMIN)
    public Response withdraw(@PathParam("teamId") long teamId, @PathParam("invitationId") long invitationId) {
        if (!teams.withdraw(own(teamId), invitationId)) {
            throw ApiException.notFound("invitation", invitationId);
        }
        return Response.noContent().build();
    }

    private long own(long teamId) {
        if (teamId != current.id()) {
            throw ApiException.notFound("team", teamId);
        }
        return teamId;
    }

    static TeamDto dto(Team team, Role role) {
        return new TeamDto(team.id, team.name, role.id(), team.datasetsFolder());
    }

    private static MemberDto dto(TeamService.Member member) {
        return new MemberDto(member.user().id, member.user().username, member.role().id());
    }
}

package dev.umbra.api.team;

import dev.umbra.api.auth.Access;
import dev.umbra.api.common.ApiException;
import dev.umbra.client.dto.CreateTeamRequest;
import dev.umbra.client.dto.MemberDto;
import dev.umbra.client.dto.MemberRequest;
import dev.umbra.client.dto.TeamDto;
import io.quarkus.security.identity.SecurityIdentity;
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
 * Teams: the caller's teams, creating a team (an admin's; they become its admin) and the members
 * of the team the request acts for. Another team's id is 404 even to its members: a token or
 * session acts for one team.
 */
@Path("/api/v1/teams")
@Produces(MediaType.APPLICATION_JSON)
public class TeamResource {

    private final TeamService teams;
    private final CurrentTeam current;
    private final SecurityIdentity identity;

    public TeamResource(TeamService teams, CurrentTeam current, SecurityIdentity identity) {
        this.teams = teams;
        this.current = current;
        this.identity = identity;
    }

    @GET
    public List<TeamDto> mine() {
        return teams.teamsOf(userId()).stream().map(m -> new TeamDto(m.team().id, m.team().name, m.role().id())).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CreateTeamRequest request) {
        Team team = teams.create(request == null ? null : request.name(), userId());
        return Response.status(201).entity(new TeamDto(team.id, team.name, Role.ADMIN.id())).build();
    }

    @GET
    @Path("/{teamId}/members")
    public List<MemberDto> members(@PathParam("teamId") long teamId) {
        return teams.members(own(teamId)).stream().map(TeamResource::dto).toList();
    }

    @POST
    @Path("/{teamId}/members")
    @Consumes(MediaType.APPLICATION_JSON)
    public MemberDto put(@PathParam("teamId") long teamId, MemberRequest request) {
        return dto(teams.put(own(teamId), request));
    }

    @DELETE
    @Path("/{teamId}/members/{userId}")
    public Response remove(@PathParam("teamId") long teamId, @PathParam("userId") long userId) {
        if (!teams.remove(own(teamId), userId)) {
            throw ApiException.notFound("member", userId);
        }
        return Response.noContent().build();
    }

    private long own(long teamId) {
        if (teamId != current.id()) {
            throw ApiException.notFound("team", teamId);
        }
        return teamId;
    }

    private long userId() {
        return identity.<Long>getAttribute(Access.USER_ID);
    }

    private static MemberDto dto(TeamService.Member member) {
        return new MemberDto(member.user().id, member.user().username, member.role().id());
    }
}

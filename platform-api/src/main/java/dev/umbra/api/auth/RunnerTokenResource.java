package dev.umbra.api.auth;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.Texts;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.dto.RunnerTokenDto;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runner tokens for GPU nodes. A team admin mints, lists and revokes the team's: their runners
 * claim only the team's runs. A platform administrator does the same for platform runner tokens
 * ({@code /api/v1/platform/runner-tokens}), whose runners serve every team's queue (a shared GPU
 * pool). The secret is in the creating answer and nowhere else.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class RunnerTokenResource {

    private final TokenService tokens;
    private final CurrentTeam team;

    public RunnerTokenResource(TokenService tokens, CurrentTeam team) {
        this.tokens = tokens;
        this.team = team;
    }

    @POST
    @Path("/runner-tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Caller.ADMIN)
    public Response createForTeam(Map<String, String> body) {
        return create(body, Optional.of(team.id()));
    }

    @GET
    @Path("/runner-tokens")
    @Allowed(Caller.ADMIN)
    public List<RunnerTokenDto> listForTeam() {
        return tokens.runnerTokens(Optional.of(team.id())).stream().map(t -> dto(t, null)).toList();
    }

    @DELETE
    @Path("/runner-tokens/{id}")
    @Allowed(Caller.ADMIN)
    public Response revokeForTeam(@PathParam("id") long id) {
        return revoke(id, Optional.of(team.id()));
    }

    @POST
    @Path("/platform/runner-tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @Allowed(Caller.PLATFORM_ADMIN)
    public Response createForPlatform(Map<String, String> body) {
        return create(body, Optional.empty());
    }

    @GET
    @Path("/platform/runner-tokens")
    @Allowed(Caller.PLATFORM_ADMIN)
    public List<RunnerTokenDto> listForPlatform() {
        return tokens.runnerTokens(Optional.empty()).stream().map(t -> dto(t, null)).toList();
    }

    @DELETE
    @Path("/platform/runner-tokens/{id}")
    @Allowed(Caller.PLATFORM_ADMIN)
    public Response revokeForPlatform(@PathParam("id") long id) {
        return revoke(id, Optional.empty());
    }

    private Response create(Map<String, String> body, Optional<Long> teamId) {
        List<FieldError> errors = new ArrayList<>();
        String name = body == null ? null : body.get("name");
        Texts.name("name", name, 100, errors);
        if (body != null && body.size() > 1) {
            errors.add(new FieldError("(body)", "only 'name' is accepted"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        TokenService.MintedToken minted = tokens.mintRunnerToken(name, teamId);
        return Response.status(201).entity(dto(tokens.find(minted.id()).orElseThrow(), minted.secret())).build();
    }

    /** Revokes a runner token of this team (or of the platform); any other id is not found. */
    private Response revoke(long id, Optional<Long> teamId) {
        boolean ours = tokens.find(id).filter(t -> ApiToken.RUNNER.equals(t.kind))
                .filter(t -> Optional.ofNullable(t.teamId).equals(teamId)).isPresent();
        if (!ours) {
            throw ApiException.notFound("runner token", id);
        }
        tokens.revoke(id);
        return Response.noContent().build();
    }

    private static RunnerTokenDto dto(ApiToken token, String secret) {
        return new RunnerTokenDto(token.id, token.name, token.teamId, token.createdAt, token.revokedAt, secret);
    }
}

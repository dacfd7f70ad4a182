package dev.umbra.api.auth;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.Texts;
import dev.umbra.api.team.AppUser;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.api.team.Role;
import dev.umbra.api.team.TeamMember;
import dev.umbra.client.dto.CreateTokenRequest;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.dto.TokenDto;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A user's API tokens for the team the request acts for: created with an expiry, shown once,
 * revocable. A credential never creates one above itself: with a session, the user creates tokens
 * for any of their teams up to their role there; with a token, only for that token's team and up
 * to its own strength, and a read token creates nothing. Admins see and revoke every token of the
 * team; others only their own (another's token id is 404).
 */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Caller.USER)
public class TokenResource {

    static final int DEFAULT_DAYS = 90;
    static final int MAX_DAYS = 3650;

    private final TokenService tokens;
    private final SecurityIdentity identity;
    private final Clock clock;

    public TokenResource(TokenService tokens, SecurityIdentity identity, Clock clock) {
        this.tokens = tokens;
        this.identity = identity;
        this.clock = clock;
    }

    @GET
    public List<TokenDto> list() {
        Optional<Long> only = isAdmin() ? Optional.empty() : Optional.of(userId());
        List<ApiToken> found = tokens.userTokens(teamId(), only);
        return found.stream().map(t -> dto(t, null)).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Allowed(Caller.USER_WRITE)
    public Response create(CreateTokenRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw ApiException.invalid("(body)", "must be a JSON object");
        }
        Texts.name("name", request.name(), 100, errors);
        Optional<Role> scope = Optional.ofNullable(request.scope()).flatMap(Role::ofScope);
        long team = request.teamId() == null ? teamId() : request.teamId();
        if (Access.tokenScope(identity).isPresent() && team != teamId()) {
            throw ApiException.invalid("team_id",
                    "must be this token's own team: a token creates tokens only for its team (sign in to create one for another)");
        }
        // In another team the caller's role there caps the scope; a team they are not in is not found.
        Role caller = team == teamId() ? Access.role(identity) : TeamMember.of(team, userId()).map(TeamMember::role)
                .orElseThrow(() -> ApiException.notFound("team", team));
        if (scope.isEmpty()) {
            errors.add(new FieldError("scope", "must be one of " + Role.scopes()));
        } else if (!caller.covers(scope.get())) {
            errors.add(new FieldError("scope", "may be at most '" + caller.scope() + "', the strength of your credential"));
        }
        int days = request.expiresInDays() == null ? DEFAULT_DAYS : request.expiresInDays();
        if (days < 1 || days > MAX_DAYS) {
            errors.add(new FieldError("expires_in_days", "must be between 1 and " + MAX_DAYS));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        AppUser user = AppUser.findById(userId());
        Instant expires = Instant.now(clock).plus(Duration.ofDays(days));
        TokenService.MintedToken minted = tokens.mintUserToken(user, team, request.name(), scope.get(), expires);
        return Response.status(201).entity(dto(ApiToken.findById(minted.id()), minted.secret())).build();
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    public Response revoke(@PathParam("id") long id) {
        ApiToken token = ApiToken.findById(id);
        boolean visible = token != null && ApiToken.USER.equals(token.kind) && token.teamId.equals(teamId())
                && (isAdmin() || token.userId.equals(userId()));
        if (!visible) {
            throw ApiException.notFound("token", id);
        }
        tokens.revoke(id);
        return Response.noContent().build();
    }

    private TokenDto dto(ApiToken token, String secret) {
        AppUser owner = AppUser.findById(token.userId);
        return new TokenDto(token.id, token.name, token.scope, owner.username, token.createdAt, token.expiresAt,
                token.revokedAt, secret);
    }

    private boolean isAdmin() {
        return identity.hasRole(Role.ADMIN.id());
    }

    private long teamId() {
        return identity.<Long>getAttribute(CurrentTeam.TEAM_ID);
    }

    private long userId() {
        return identity.<Long>getAttribute(CurrentTeam.USER_ID);
    }
}

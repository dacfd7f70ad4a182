package dev.umbra.api.auth;

import dev.umbra.api.common.Allowed;
import dev.umbra.api.common.ApiException;
import dev.umbra.api.common.Caller;
import dev.umbra.api.common.Problems;
import dev.umbra.api.config.UmbraConfig;
import dev.umbra.api.team.AppUser;
import dev.umbra.api.team.CurrentTeam;
import dev.umbra.api.team.Passwords;
import dev.umbra.api.team.Role;
import dev.umbra.api.team.Team;
import dev.umbra.api.team.TeamMember;
import dev.umbra.client.dto.FieldError;
import dev.umbra.client.dto.LoginRequest;
import dev.umbra.client.dto.SessionDto;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Portal sign-in: a username and password buy a session (a token of kind {@code session}) in an
 * HttpOnly, SameSite=Strict cookie, plus its CSRF token (answer body and a readable cookie) that
 * every state-changing request must repeat in {@code X-CSRF-Token}. Sign-out revokes the session.
 */
@Path("/api/v1/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final TokenService tokens;
    private final SecurityIdentity identity;
    private final UmbraConfig config;
    private final SignInThrottle throttle;

    public SessionResource(TokenService tokens, SecurityIdentity identity, UmbraConfig config, SignInThrottle throttle) {
        this.tokens = tokens;
        this.identity = identity;
        this.config = config;
        this.throttle = throttle;
    }

    @POST
    @Allowed(Caller.ANYONE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response signIn(LoginRequest login, @Context UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        if (login == null || login.username() == null || login.username().isBlank()) {
            errors.add(new FieldError("username", "is required"));
        }
        if (login == null || login.password() == null || login.password().isEmpty()) {
            errors.add(new FieldError("password", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        if (login.username().length() > 200) {
            // No such user can exist; answered like any failure, and kept out of the throttle's table.
            throw signInFailed();
        }
        OptionalLong wait = throttle.attempt(login.username());
        if (wait.isPresent()) {
            return Response.fromResponse(Problems.response(429, "sign-in-throttled", "Too many requests",
                    "too many failed sign-ins for this username; retry in " + wait.getAsLong() + " s", List.of()))
                    .header("Retry-After", wait.getAsLong()).build();
        }
        Optional<AppUser> user = AppUser.byUsername(login.username());
        boolean matches = Passwords.matches(login.password(), user.map(u -> u.passwordHash).orElse(null));
        Optional<TeamMember> membership = user.flatMap(u -> TeamMember.of(u.teamId, u.id));
        if (!matches || membership.isEmpty()) {
            throw signInFailed();
        }
        throttle.succeeded(login.username());
        AppUser signedIn = user.get();
        TokenService.MintedToken session = tokens.mintSession(signedIn, signedIn.teamId, config.auth().sessionTtl());
        String csrf = Tokens.csrf(session.secret());
        boolean secure = secure(uri);
        int maxAge = (int) config.auth().sessionTtl().toSeconds();
        return Response.ok(dto(signedIn.username, signedIn.teamId, membership.get().role(), signedIn.platformAdmin, csrf))
                .cookie(cookie(Access.SESSION_COOKIE, session.secret(), maxAge, true, secure),
                        cookie(Access.CSRF_COOKIE, csrf, maxAge, false, secure))
                .build();
    }

    @GET
    @Allowed(Caller.USER)
    public SessionDto whoAmI() {
        Long team = identity.getAttribute(CurrentTeam.TEAM_ID);
        return dto(identity.getAttribute(Access.USERNAME), team, Access.role(identity),
                identity.hasRole(Access.PLATFORM_ADMIN_ROLE), identity.getAttribute(Access.CSRF));
    }

    /** Signs out: revokes the session (or, called with an API token, nothing) and clears the cookies. */
    @DELETE
    @Allowed(Caller.USER)
    @Transactional
    public Response signOut(@Context UriInfo uri) {
        if (identity.getAttribute(Access.CSRF) != null) {
            tokens.revoke(identity.<Long>getAttribute(Access.TOKEN_ID));
        }
        boolean secure = secure(uri);
        return Response.noContent()
                .cookie(cookie(Access.SESSION_COOKIE, "", 0, true, secure), cookie(Access.CSRF_COOKIE, "", 0, false, secure))
                .build();
    }

    private static ApiException signInFailed() {
        return new ApiException(401, "sign-in-failed", "Unauthorized", "wrong username or password", List.of());
    }

    private static SessionDto dto(String username, long teamId, Role role, boolean platformAdmin, String csrf) {
        Team team = Team.findById(teamId);
        return new SessionDto(username, teamId, team.name, role.id(), platformAdmin, csrf);
    }

    /**
     * {@code Secure} always, except over plain HTTP to this machine's loopback address: browsers
     * drop Secure cookies set over HTTP, and the embedded default serves http://localhost.
     */
    private boolean secure(UriInfo uri) {
        if (!config.auth().secureCookies() || "https".equals(uri.getRequestUri().getScheme())) {
            return config.auth().secureCookies();
        }
        return !LOOPBACK.contains(uri.getRequestUri().getHost());
    }

    private static NewCookie cookie(String name, String value, int maxAge, boolean httpOnly, boolean secure) {
        return new NewCookie.Builder(name).value(value).path("/").maxAge(maxAge).httpOnly(httpOnly).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }
}

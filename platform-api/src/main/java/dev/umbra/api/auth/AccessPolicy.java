package dev.umbra.api.auth;

import dev.umbra.api.team.Role;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may call what, in one table: every {@code /api/v1} path needs a token except signing in;
 * the runner protocol needs a runner token; reading needs a viewer, changing a member, and
 * administering the team (members, runner tokens, audit log) an admin. Which team's rows a
 * request sees is decided by {@link dev.umbra.api.team.CurrentTeam}, not here.
 */
public final class AccessPolicy {

    /** What a request needs: nothing, a runner token, or a user holding at least a role. */
    public sealed interface Requirement permits Open, RunnerToken, TeamRole {
    }

    public record Open() implements Requirement {
    }

    public record RunnerToken() implements Requirement {
    }

    public record TeamRole(Role role) implements Requirement {
    }

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern MEMBERS = Pattern.compile("/api/v1/teams/[^/]+/members(/.*)?");

    private AccessPolicy() {
    }

    public static boolean isSafe(String method) {
        return SAFE_METHODS.contains(method);
    }

    /**
     * What a REST request needs. Only REST resources reach this (the portal's files, health and
     * OpenAPI are served outside the REST layer and are open), so anything not listed needs a
     * team role: a path the table does not know is denied, not let through.
     */
    public static Requirement required(String method, String rawPath) {
        String path = rawPath.replaceAll(";[^/]*", ""); // matrix parameters do not change which resource answers
        if (path.equals("/api/v1/session") && method.equals("POST")) {
            return new Open(); // signing in
        }
        if (path.startsWith("/api/v1/runner/")) {
            return new RunnerToken();
        }
        return new TeamRole(role(method, path).orElse(isSafe(method) ? Role.VIEWER : Role.MEMBER));
    }

    private static Optional<Role> role(String method, String path) {
        if (path.equals("/api/v1/runner-tokens") || path.startsWith("/api/v1/runner-tokens/")
                || path.equals("/api/v1/audit") || path.startsWith("/api/v1/audit/")
                || path.equals("/api/v1/artifacts/gc")) {
            return Optional.of(Role.ADMIN);
        }
        if (path.equals("/api/v1/teams") || MEMBERS.matcher(path).matches()) {
            return Optional.of(isSafe(method) ? Role.VIEWER : Role.ADMIN);
        }
        if (path.equals("/api/v1/tokens") || path.startsWith("/api/v1/tokens/") || path.equals("/api/v1/session")) {
            // Everyone manages their own tokens and session, capped at their role (TokenResource).
            return Optional.of(Role.VIEWER);
        }
        return Optional.empty();
    }
}

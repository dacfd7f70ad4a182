package dev.umbra.api.common;

/**
 * Who may call a resource method ({@link Allowed}); {@link dev.umbra.api.auth.AccessFilter}
 * decides whether a request's credential is such a caller.
 */
public enum Caller {
    /** No credential needed: signing in. */
    ANYONE,
    /** Any signed-in user (a session or a user token, any role and scope): who am I, their own tokens and invitations. */
    USER,
    /**
     * A signed-in user whose credential may create things for them: a session, or a user token of
     * at least write strength (a read token creates nothing): new tokens, accepting invitations.
     */
    USER_WRITE,
    /** A user acting for a team with at least the role viewer (read tokens included). */
    VIEWER,
    /** ... with at least the role member (and a token of at least write scope). */
    MEMBER,
    /** ... with the role admin (and an admin-scoped token). */
    ADMIN,
    /** A platform administrator (a user's flag), through a session or an admin-scoped token. */
    PLATFORM_ADMIN,
    /** A runner token, of a team or of the platform: the runner protocol only. */
    RUNNER
}

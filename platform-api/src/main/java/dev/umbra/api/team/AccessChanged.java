package dev.umbra.api.team;

/**
 * Fired (as a CDI event) when what a credential may do changed: a membership added, removed or its
 * role changed, a token revoked. Observers that remember identities forget them once the change is
 * committed ({@code dev.umbra.api.auth.IdentityCache}).
 */
public record AccessChanged(String what) {
}

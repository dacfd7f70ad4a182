package dev.umbra.api.team;

/**
 * A CDI event fired, inside the creating transaction, when a team is created, so that features
 * that give every team something (the bundled sample dataset) do so without this package
 * depending on them.
 */
public record TeamCreated(long teamId) {
}

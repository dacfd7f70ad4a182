package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Adds a user to a team or changes their role; a new username creates the user, with
 * {@code password} for portal sign-in (optional: without one the user works with tokens only).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MemberRequest(String username, String role, String password) {
}

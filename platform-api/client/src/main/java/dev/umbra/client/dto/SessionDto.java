package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Who the caller is: user, team, role and whether they administer the platform. After sign-in
 * {@code csrf_token} is the value the portal sends as {@code X-CSRF-Token} with every
 * state-changing request.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionDto(String username, long teamId, String team, String role, boolean platformAdmin, String csrfToken) {
}

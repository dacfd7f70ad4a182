package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A new token: {@code scope} read, write or admin (at most the caller's role in the team); expiry
 * in days (default 90); {@code team_id} the team it acts for (default: the one the caller acts for;
 * the caller must be a member there).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateTokenRequest(String name, String scope, Integer expiresInDays, Long teamId) {
}

package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A runner token: {@code team_id} is the team whose runs its runners claim, null for a platform
 * runner token (every team's). {@code token} is the secret, only in the answer that created it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunnerTokenDto(long id, String name, Long teamId, Instant createdAt, Instant revokedAt, String token) {
}

package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** A user API token. {@code token} (the secret) is set only in the answer that created it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenDto(long id, String name, String scope, String username, Instant createdAt, Instant expiresAt,
                       Instant revokedAt, String token) {
}

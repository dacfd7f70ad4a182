package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** An invitation to join a team with a role, pending until the invited user accepts or declines it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InvitationDto(long id, long teamId, String team, String username, String role, String invitedBy,
                            Instant createdAt) {
}

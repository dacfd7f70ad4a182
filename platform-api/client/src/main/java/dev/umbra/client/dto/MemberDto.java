package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A user's membership of a team. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MemberDto(long userId, String username, String role) {
}

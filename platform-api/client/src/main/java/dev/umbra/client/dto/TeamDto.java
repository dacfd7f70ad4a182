package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A team and the caller's role in it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TeamDto(long id, String name, String role) {
}

package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A team and the caller's role in it; {@code datasets_folder} is the folder under each dataset
 * root where the team's datasets must lie.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TeamDto(long id, String name, String role, String datasetsFolder) {
}

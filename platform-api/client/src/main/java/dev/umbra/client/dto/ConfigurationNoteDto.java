package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * What a team calls a configuration (its seeds share {@code configHash}) and notes about it; empty
 * strings when nobody named it. As a request body, fields left null keep their value.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConfigurationNoteDto(String configHash, String name, String notes, Instant updatedAt) {
}

package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A partial update of a run: fields left null keep their value. {@code name} (may be empty: no name)
 * and {@code notes} at any time; {@code priority} (-100 to 100, higher first) only while it is queued.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateRunRequest(String name, String notes, Integer priority) {
}

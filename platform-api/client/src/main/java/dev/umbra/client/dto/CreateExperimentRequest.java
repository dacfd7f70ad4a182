package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** {@code name} is required; {@code description} and {@code tags} are optional. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateExperimentRequest(String name, String description, List<String> tags) {
}

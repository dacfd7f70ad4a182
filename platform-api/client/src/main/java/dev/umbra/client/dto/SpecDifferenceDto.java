package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One path of the canonical (resolved) spec where two runs differ; a side without the path is null. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SpecDifferenceDto(String path, JsonNode a, JsonNode b) {
}

package dev.umbra.client.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.umbra.client.dto.ArtifactDto;
import dev.umbra.client.dto.DatasetDto;
import java.time.Instant;

/**
 * A claimed run. {@code spec} is the resolved spec; {@code resumeFrom}, when present, is the
 * run's newest checkpoint from an earlier attempt, to continue from.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunAssignment(long runId, int attempt, Instant leaseExpiresAt, String runHash, JsonNode spec,
                            DatasetDto dataset, ArtifactDto resumeFrom) {
}

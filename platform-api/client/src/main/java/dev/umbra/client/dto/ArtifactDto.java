package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A file a run produced: {@code kind} is one of checkpoint, encoder, embeddings, logs, report,
 * dataset; the bytes are the blob {@code sha256}, stored once however many artifacts share it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ArtifactDto(long id, long runId, String kind, String name, String sha256, long sizeBytes,
                          JsonNode metadata, Instant createdAt) {
}

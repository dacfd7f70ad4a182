package dev.umbra.client.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An artifact a runner is about to upload (asking for an {@link UploadTicket}) or has uploaded
 * (confirming it): the platform checks the stored bytes against the SHA-256 and size before it
 * records the artifact. {@code metadata} (optional) is kept with the artifact.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ArtifactUpload(long runnerId, int attempt, String sha256, long sizeBytes, JsonNode metadata) {
}

package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Registers a dataset: its shape and classes, the SHA-256 checksum of its manifest
 * ({@code dev.umbra.client.dataset.DatasetManifest}), where the platform reads its bytes, and the facts
 * runs on it depend on ({@code dev.umbra.client.spec.DatasetFacts}; null means the default: true).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RegisterDatasetRequest(String name, String format, Integer numClasses, List<String> classNames,
                                     Integer channels, Integer height, Integer width, Integer trainCount,
                                     Integer testCount, String checksum, String location,
                                     Boolean hflipPreservesLabels) {
}

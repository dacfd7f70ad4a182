package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/** A registered dataset; {@code hflipPreservesLabels} is its {@code dev.umbra.client.spec.DatasetFacts}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DatasetDto(long id, String name, String format, int numClasses, List<String> classNames, int channels,
                         int height, int width, Integer trainCount, Integer testCount, String checksum,
                         String location, boolean hflipPreservesLabels, Instant createdAt) {
}

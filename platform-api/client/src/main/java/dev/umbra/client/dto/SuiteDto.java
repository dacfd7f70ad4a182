package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The built-in benchmark suite as offered: every method (the SSL methods and both baselines) on
 * one dataset and backbone with one budget and three seeds. {@code sweep} is the sweep document
 * it launches, ready to edit and submit as an ordinary sweep.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SuiteDto(String dataset, String backbone, int epochs, int batchSize, Integer maxStepsPerEpoch,
                       List<String> methods, List<Long> seeds, int runs, JsonNode sweep) {
}

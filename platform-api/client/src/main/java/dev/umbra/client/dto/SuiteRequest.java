package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Launches the built-in benchmark suite; every field is optional and defaults to the offer
 * ({@link SuiteDto}): the bundled sample, {@code convnet-s}, a budget that finishes in minutes, every
 * method. {@code methods} narrows the suite to some methods (e.g. the leaders and the baselines at a
 * longer budget).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SuiteRequest(String name, String dataset, String backbone, Integer epochs, Integer batchSize,
                           Integer maxStepsPerEpoch, List<Long> seeds, Boolean reuseSucceeded,
                           List<String> methods) {
}

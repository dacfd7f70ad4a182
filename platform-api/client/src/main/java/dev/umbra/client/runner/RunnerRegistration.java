package dev.umbra.client.runner;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A runner announces itself; the same name and token keep the same runner id across restarts. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunnerRegistration(String name, String version, String hostname, int gpus, int gpuMemoryGb,
                                 List<String> labels) {
}

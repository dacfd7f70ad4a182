package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** Seeds to add to a sweep: each configuration runs once more per new seed. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AddSeedsRequest(List<Long> seeds) {
}

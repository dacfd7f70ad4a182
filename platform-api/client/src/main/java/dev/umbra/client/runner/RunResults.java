package dev.umbra.client.runner;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.umbra.client.dto.EvalResultDto;
import java.util.List;

/** Evaluation results of a run; (protocol, metric, epoch) identifies one, so resending overwrites. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunResults(long runnerId, int attempt, List<EvalResultDto> results) {
}

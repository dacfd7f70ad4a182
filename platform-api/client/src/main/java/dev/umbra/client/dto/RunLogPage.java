package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A page of a run's whole log, in order (attempt, then line). {@code offset} is the position of the
 * page's first line in the whole log, {@code total} the number of lines stored so far.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunLogPage(long runId, long offset, long total, List<Line> lines) {

    /** One line as its runner numbered it (0-based within the attempt). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Line(int attempt, int lineNo, String text) {
    }
}

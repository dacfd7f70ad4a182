package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Leaderboards, one per (dataset, backbone, epoch budget): configurations ranked by the mean of
 * {@code rankedBy} (a metric name) from {@code rankedByProtocol}; configurations without it come
 * last. Every number names its protocol.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LeaderboardDto(String rankedBy, String rankedByProtocol, List<Board> boards) {

    /** {@code configurations} counts every ranked configuration; {@code rows} holds the top ones. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Board(String dataset, String backbone, int epochs, int configurations, List<Row> rows) {
    }

    /** {@code rank} is 1-based; configurations without the ranking metric have none (null). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Row(Integer rank, GroupDto group) {
    }
}

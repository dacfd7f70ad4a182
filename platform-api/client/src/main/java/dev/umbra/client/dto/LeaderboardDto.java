package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Leaderboards, one per (dataset, backbone, epoch budget): configurations ranked by the mean of
 * {@code rankedBy} (a metric name) from {@code rankedByProtocol}; configurations without it come
 * last. Every number names its protocol. Where a board holds a {@code raw-pixels} configuration, each
 * other row says, metric by metric, whether it beats raw pixels.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LeaderboardDto(String rankedBy, String rankedByProtocol, List<Board> boards) {

    /**
     * {@code configurations} counts every ranked configuration; {@code rows} holds the top ones.
     * {@code rawPixels} is the config hash of the board's raw-pixels reference (the one with the most
     * seeds, ties to the lower hash; it need not be among the rows shown), null when the board has none.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Board(String dataset, String backbone, int epochs, int configurations, String rawPixels,
                        List<Row> rows) {
    }

    /**
     * {@code rank} is 1-based; configurations without the ranking metric have none (null).
     * {@code beatsRawPixels}: one verdict per metric the row shares with the board's raw-pixels
     * reference; empty for the reference itself and on boards without one.
     * {@code apartFromNext}: on the ranking metric, true when the row's 95 % interval lies wholly above
     * the next ranked row's (the order is real), false when they overlap (within noise), null when
     * either has a single seed (no interval) or no ranked row follows.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Row(Integer rank, GroupDto group, List<Verdict> beatsRawPixels, Boolean apartFromNext) {
    }

    /**
     * A configuration against raw pixels on one metric. {@code difference} is its mean minus raw pixels'
     * mean. {@code beats}: true when its 95 % interval lies wholly above raw pixels' interval, false when
     * wholly below, null when the intervals overlap or the row has a single seed (no interval); raw pixels
     * are deterministic, so a reference that ran once counts as its value.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Verdict(String protocol, String metric, double difference, Boolean beats) {
    }
}
